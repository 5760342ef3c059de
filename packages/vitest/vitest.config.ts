import { packageTestConfig } from '../../tools/vitest.shared.js'

export default packageTestConfig()
