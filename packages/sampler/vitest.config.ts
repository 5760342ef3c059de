import { packageTestConfig } from '../../tools/vitest.shared.js'

// generous: these tests start real processes, and CI runs every package's tests at once
export default packageTestConfig({ testTimeout: 30_000 })
