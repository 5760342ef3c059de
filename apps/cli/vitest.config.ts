import { packageTestConfig } from '../../tools/vitest.shared.js'

export default packageTestConfig({ testTimeout: 30_000 })
