import { packageTestConfig } from '../../tools/vitest.shared.js'

// test/fixtures is a project of its own, run by the end-to-end tests with vitest as a child process
export default packageTestConfig({ exclude: ['**/node_modules/**', 'test/fixtures/**'], testTimeout: 20_000 })
