import { packageTestConfig } from '../../tools/vitest.shared.js'

export default packageTestConfig({
  // test/fixtures are projects of their own, which the end-to-end tests run vitest on
  exclude: ['**/node_modules/**', 'test/fixtures/**'],
  // those projects import the built packages: build the stale ones first
  globalSetup: ['test/build-dist.ts'],
  testTimeout: 20_000,
})
