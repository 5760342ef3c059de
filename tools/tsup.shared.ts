import { defineConfig, type Options } from 'tsup'

/** The one build every library package shares: ESM for Node 20, with types and source maps. */
export function libraryConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    ...overrides,
  })
}
