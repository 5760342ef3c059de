import { fileURLToPath } from 'node:url'
import { buildStale } from '../../../tools/build-stale.js'

// The end-to-end tests run vitest on fixture projects, which import the built @leakwatch/vitest,
// and the runner forks its built child, which imports this package's built child entry.
export default function buildDist(): void {
  const packages = ['contracts', 'grader', 'sampler', 'native', 'diagnose', 'runner', 'reporters', 'vitest']
  buildStale(packages.map((p) => fileURLToPath(new URL(`../../${p}`, import.meta.url))))
}
