import { packageTestConfig } from '../../tools/vitest.shared.js'

// One test file at a time: several of them start processes whose memory they then judge
// (scenario runs, a server sampled from outside), and those must not compete for the cores.
export default packageTestConfig({ testTimeout: 30_000, fileParallelism: false })
