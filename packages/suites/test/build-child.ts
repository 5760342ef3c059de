import { fileURLToPath } from 'node:url'
import { buildStale } from '../../../tools/build-stale.js'

// Each scenario's child is the built runner's dist/child.js, and it imports this package's
// built dist/index.js to find the scenario: build what src/ outdates.
export default function buildChild(): void {
  buildStale(['../../sampler', '../../native', '../../grader', '../../runner', '..'].map((p) => fileURLToPath(new URL(p, import.meta.url))))
}
