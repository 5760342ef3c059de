import { packageTestConfig } from '../tools/vitest.shared.js'

// Each case runs real scenario processes through the built CLI: minutes, not the default 5 s.
export default packageTestConfig({ testTimeout: 120_000 })
