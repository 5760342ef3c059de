import { baselineCollections, summarizeBaseline, type Baseline } from './_baseline.js'
import { canSummarizeInWorker, summarizeInWorker } from './_baseline-worker.js'
import { orderGrowths, type Candidate } from './_order.js'
import { assertWithinBudget, DEFAULT_HEAP_BUDGET_BYTES, estimateCompareBytes } from './budget.js'
import { CollectionReader } from './collections.js'
import { countInstances, InstanceLabels } from './instances.js'
import { readHeapSnapshotHeader } from './header.js'
import { readHeapSnapshot } from './parse.js'
import { retainerPath } from './retainer-path.js'
import { retainerTree } from './retainers.js'
import type { HeapSnapshot } from './snapshot.js'

/** A constructor whose instances, or a collection whose entries, grew between two snapshots. */
export interface HeapGrowth {
  /** The constructor (`FrameRecord`, `onData()` for closures) or the collection (`Map`, `Set`, `Array`, `Object`, or a subclass's name). */
  what: string
  /** `instances` of a constructor, or `entries` of one collection. */
  kind: 'instances' | 'entries'
  /** How many more in the second snapshot than in the first. */
  count: number
  /** Self size of the growth, bytes (for entries: the collection's backing store plus new primitive keys and values). */
  bytes: number
  /** `count / cycles`. */
  perCycle: number
  /** V8's heap object id of one new instance (or of the collection) in the second snapshot; usable with HeapProfiler.getObjectByHeapObjectId in that process. */
  nodeId: number
  /** The shortest path to it from a GC root, root first: `['(module scope) cache', 'Map', 'FrameRecord']`. */
  retainers: string[]
}

export interface CompareHeapSnapshotsOptions {
  /** Cycles the workload ran between the two snapshots. */
  cycles: number
  /** At most this many growths, most useful first. Default 10. */
  maxResults?: number
  /** Memory the comparison may take, bytes; over it, HeapSnapshotBudgetError is thrown before parsing. Default 512 MiB. */
  budgetBytes?: number
  /**
   * Parse the first snapshot in a worker thread while this thread parses the second: faster
   * on a machine with a core to spare (5.7 s instead of 7.1 s for two 550 MiB files),
   * not on a busy one, and not below ~64 MiB (the worker loads the whole package first); both
   * snapshots are in memory at once. Taken only when the budget holds both and the package
   * runs built (not from source). Default false: one snapshot at a time, and no thread in the
   * caller's process.
   */
  parallel?: boolean
}

/** The fewest instances or entries that count as growth, however few the cycles: below it, one-off allocations look like leaks. */
export const MIN_GROWTH = 10

/**
 * The growth that counts: at least one instance (or entry) per ten cycles, and at least
 * MIN_GROWTH. A leak of one object per cycle passes at ten times the margin, and one that keeps
 * one frame in three (a jitter buffer that drops corrupt frames) still passes; a clean
 * workload's counts move by a few objects between two checkpoints whatever the cycles.
 */
export function growthThreshold(cycles: number): number {
  return Math.max(MIN_GROWTH, Math.ceil(cycles / 10))
}

/**
 * Compares two heap snapshots of one process (taken `cycles` cycles apart) and tells what
 * grew: constructors with more instances, and collections (same object in both) with more
 * entries, each with a short retainer path. Counts first: the first snapshot is reduced to
 * counts before the second is parsed (or, with `parallel`, in a worker thread while it is),
 * and retainer paths are searched only when something grew.
 *
 * @example
 * ```ts
 * const growths = await compareHeapSnapshots('before.heapsnapshot', 'after.heapsnapshot', { cycles: 600 })
 * // [{ what: 'FrameRecord', kind: 'instances', count: 600, perCycle: 1, retainers: ['(module scope) records', 'Array[599]', 'FrameRecord'], … }]
 * ```
 * @throws HeapSnapshotBudgetError when the snapshots are too big for `budgetBytes` (nothing is parsed then).
 * @throws HeapSnapshotError when a file is not a heap snapshot.
 */
export async function compareHeapSnapshots(
  before: string,
  after: string,
  options: CompareHeapSnapshotsOptions,
): Promise<HeapGrowth[]> {
  const cycles = Math.max(1, options.cycles)
  const budget = options.budgetBytes ?? DEFAULT_HEAP_BUDGET_BYTES
  const headers = [await readHeapSnapshotHeader(before), await readHeapSnapshotHeader(after)] as const
  assertWithinBudget(budget, ...headers)
  const bothAtOnce = estimateCompareBytes(headers[0]) + estimateCompareBytes(headers[1]) <= budget
  const parallel = options.parallel === true && bothAtOnce && canSummarizeInWorker()
  let baseline: Baseline
  let snapshot: HeapSnapshot
  if (parallel) {
    const baselineDone = summarizeInWorker(before)
    // Settled either way before waiting on this thread's parse, so a failure is never unhandled.
    baselineDone.catch(() => undefined)
    snapshot = await readHeapSnapshot(after)
    baseline = await baselineDone
  } else {
    baseline = summarizeBaseline(await readHeapSnapshot(before))
    snapshot = await readHeapSnapshot(after)
  }
  const candidates = findCandidates(snapshot, baseline, growthThreshold(cycles))
  if (candidates.length === 0) return []
  const tree = retainerTree(snapshot)
  return orderGrowths(snapshot, tree, baseline, candidates)
    .slice(0, options.maxResults ?? 10)
    .map((c) => ({
      what: c.what,
      kind: c.kind,
      count: c.count,
      bytes: c.bytes,
      perCycle: c.count / cycles,
      nodeId: snapshot.nodeId[c.node]!,
      retainers: retainerPath(snapshot, tree, c.node),
    }))
}

function findCandidates(snapshot: HeapSnapshot, baseline: Baseline, threshold: number): Candidate[] {
  const labels = new InstanceLabels(snapshot)
  const candidates: Candidate[] = []
  for (const [label, tally] of countInstances(snapshot, labels)) {
    const before = baseline.tallies.get(label) ?? { count: 0, bytes: 0 }
    const count = tally.count - before.count
    if (count >= threshold) candidates.push({ what: label, kind: 'instances', count, bytes: tally.bytes - before.bytes, node: -1 })
  }
  const reader = new CollectionReader(snapshot)
  const growing: { node: number; label: string; entries: number; bytes: number; store: number }[] = []
  for (let i = 0; i < snapshot.nodeCount; i++) {
    if (snapshot.nodeId[i]! > baseline.maxId) continue
    const size = reader.read(i)
    if (size === undefined || size.entries < threshold) continue
    growing.push({ node: i, ...size })
  }
  const before = baselineCollections(baseline, growing.map((g) => snapshot.nodeId[g.node]!))
  for (const g of growing) {
    const then = before.get(snapshot.nodeId[g.node]!)
    if (then === undefined || g.entries - then.entries < threshold) continue
    candidates.push({ what: g.label, kind: 'entries', count: g.entries - then.entries, bytes: g.bytes - then.bytes, node: g.node, store: g.store })
  }
  return candidates
}

