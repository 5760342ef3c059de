// A user's config: the scenarios are found by a glob, the reports chosen here.
import { defineConfig } from 'leakwatch'

export default defineConfig({
  scenarios: ['leaks/**/*.leak.mjs'],
  reporters: ['console', 'json', 'junit'],
  outDir: 'out',
  policy: { allowances: { heap: '8 MiB' } },
})
