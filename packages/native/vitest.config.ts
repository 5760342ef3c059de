import { packageTestConfig } from '../../tools/vitest.shared.js'

// forks (the shared default): native bindings are safest in a process of their own
export default packageTestConfig({ testTimeout: 60_000 })
