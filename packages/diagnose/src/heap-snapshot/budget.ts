import { HeapSnapshotBudgetError } from './errors.js'
import type { HeapSnapshotHeader } from './snapshot.js'

/** The default memory budget of a comparison: 512 MiB. */
export const DEFAULT_HEAP_BUDGET_BYTES = 512 * 2 ** 20

// Bytes a parsed node costs: its columns (type 1, name 4, id 4, self size 8, first edge 4),
// the retainer search (parent 4, edge 4, depth 4, queue 4, flags 1) and the first snapshot's
// arrays that wait for the garbage collector; an edge: type 1, name 4, target 4. The kept
// strings (names, not contents) are a small share of the file, and the runtime takes a few
// dozen MiB. Set from the bench's peak RSS (a 293 MiB heap: 7.9 M nodes, 18.9 M edges, a
// 540 MiB file; ~700 MiB peak, one snapshot at a time).
const NODE_BYTES = 45
const EDGE_BYTES = 10
const STRING_SHARE = 0.1
const BASE_BYTES = 64 * 2 ** 20

/**
 * Memory to compare snapshots one at a time (the first is reduced to counts before the
 * second is read), so the larger one decides. Parsing both at once (the `parallel` option)
 * takes the sum of each one's estimate.
 */
export function estimateCompareBytes(...headers: HeapSnapshotHeader[]): number {
  let worst = 0
  for (const h of headers) {
    // A writer that gave no counts: guess them from the file (about 12 bytes a node field, 8 an edge field).
    const nodes = h.nodeCount > 0 ? h.nodeCount : h.fileBytes / 60
    const edges = h.edgeCount > 0 ? h.edgeCount : h.fileBytes / 20
    worst = Math.max(worst, nodes * NODE_BYTES + edges * EDGE_BYTES + h.fileBytes * STRING_SHARE)
  }
  return Math.round(worst + BASE_BYTES)
}

/** Throws HeapSnapshotBudgetError when the comparison would need more than `budgetBytes`. */
export function assertWithinBudget(budgetBytes: number, ...headers: HeapSnapshotHeader[]): void {
  const needed = estimateCompareBytes(...headers)
  if (needed > budgetBytes) {
    throw new HeapSnapshotBudgetError(needed, budgetBytes, Math.max(...headers.map((h) => h.fileBytes)))
  }
}
