import { packageTestConfig } from '../../tools/vitest.shared.js'

export default packageTestConfig({
  // the runner forks the built child (dist/child.js): build it first when src/ is newer
  globalSetup: ['test/build-child.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
})
