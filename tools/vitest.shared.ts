import { defineConfig, type TestUserConfig } from 'vitest/config'

// Workspace packages export their TypeScript source under this condition, so tests
// read src/ of their dependencies without building them first. The rest are Vite's
// defaults for Node, which setting `conditions` would otherwise replace.
const conditions = ['@leakwatch/source', 'module', 'node', 'development|production']

/** The test setup every package shares; `overrides` go into its `test` block. */
export function packageTestConfig(overrides: TestUserConfig = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      // Forks, not worker threads: the tests count the process's threads and use seteuid.
      pool: 'forks',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      ...overrides,
    },
  })
}
