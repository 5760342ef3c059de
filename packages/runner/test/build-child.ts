import { fileURLToPath } from 'node:url'
import { buildStale } from '../../../tools/build-stale.js'

// The runner forks its built child (dist/child.js), which imports the built sampler and native.
export default function buildChild(): void {
  buildStale(['../../sampler', '../../native', '..'].map((p) => fileURLToPath(new URL(p, import.meta.url))))
}
