import { LeakwatchReporter } from '@leakwatch/vitest/reporter'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['*.leak.test.mjs'],
    testTimeout: 180_000,
    setupFiles: ['@leakwatch/vitest/setup'],
    reporters: ['default', new LeakwatchReporter({ outDir: 'leakwatch-results' })],
  },
})
