import { Growable } from './_growable.js'
import { CollectionReader } from './collections.js'
import { countInstances, InstanceLabels, type Tally } from './instances.js'
import type { HeapSnapshot } from './snapshot.js'

/**
 * What the first snapshot leaves behind for the comparison: counts per constructor, every
 * collection's entries by node id, and the highest id (anything above it in the second
 * snapshot was allocated after the first). Small, so the first snapshot can be dropped
 * before the second is read.
 */
export interface Baseline {
  /** The highest id of a JS heap object (embedder nodes aside). */
  maxId: number
  tallies: Map<string, Tally>
  /** Collection node ids in snapshot order (unsorted: only a few are ever looked up, in one pass). */
  ids: Uint32Array
  entries: Float64Array
  /** The collection's bytes with its backing store. */
  bytes: Float64Array
}

/** A collection as the baseline saw it. */
export interface BaselineCollection {
  entries: number
  bytes: number
}

export function summarizeBaseline(snapshot: HeapSnapshot): Baseline {
  // Node's embedder nodes (`native`, `synthetic`) carry ids of another scheme, often above
  // 10^9 from the start: only the JS heap's ids grow with allocation.
  const embedder = new Uint8Array(256)
  snapshot.nodeTypes.forEach((t, k) => {
    if (t === 'native' || t === 'synthetic') embedder[k] = 1
  })
  let maxId = 0
  for (let i = 0; i < snapshot.nodeCount; i++) {
    if (embedder[snapshot.nodeType[i]!] === 0 && snapshot.nodeId[i]! > maxId) maxId = snapshot.nodeId[i]!
  }
  const tallies = countInstances(snapshot, new InstanceLabels(snapshot))
  const reader = new CollectionReader(snapshot)
  // Typed arrays, not a Map: a heap can hold millions of small arrays and objects.
  const ids = new Growable(Uint32Array, 1024)
  const entries = new Growable(Float64Array, 1024)
  const bytes = new Growable(Float64Array, 1024)
  for (let i = 0; i < snapshot.nodeCount; i++) {
    const size = reader.read(i)
    if (size === undefined) continue
    ids.push(snapshot.nodeId[i]!)
    entries.push(size.entries)
    bytes.push(size.bytes)
  }
  return { maxId, tallies, ids: ids.done(), entries: entries.done(), bytes: bytes.done() }
}

/**
 * The baseline's view of the collections with these ids: what each held then (none: 0 entries,
 * when it existed without entries), or nothing for an id that did not exist yet. V8 numbers
 * objects as a snapshot first meets them, so an id at or below the baseline's highest was
 * alive then.
 */
export function baselineCollections(baseline: Baseline, wanted: Iterable<number>): Map<number, BaselineCollection> {
  const found = new Map<number, BaselineCollection>()
  for (const id of wanted) if (id <= baseline.maxId) found.set(id, { entries: 0, bytes: 0 })
  if (found.size === 0) return found
  for (let k = 0; k < baseline.ids.length; k++) {
    const seen = found.get(baseline.ids[k]!)
    if (seen === undefined) continue
    seen.entries = baseline.entries[k]!
    seen.bytes = baseline.bytes[k]!
  }
  return found
}
