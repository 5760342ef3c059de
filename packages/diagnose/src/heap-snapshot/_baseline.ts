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
  /** Collection node ids, ascending, with `entries[k]` for `ids[k]`. */
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
  // Typed arrays, not a Map: a heap can hold millions of small arrays.
  const nodes = new Growable(Uint32Array, 1024)
  const sizes = new Growable(Float64Array, 1024)
  const byteSizes = new Growable(Float64Array, 1024)
  for (let i = 0; i < snapshot.nodeCount; i++) {
    const size = reader.read(i)
    if (size === undefined) continue
    nodes.push(i)
    sizes.push(size.entries)
    byteSizes.push(size.bytes)
  }
  const found = sizes.done()
  const foundBytes = byteSizes.done()
  const order = new Uint32Array(nodes.length).map((_, k) => k)
  const nodeOf = nodes.done()
  order.sort((a, b) => snapshot.nodeId[nodeOf[a]!]! - snapshot.nodeId[nodeOf[b]!]!)
  const ids = new Uint32Array(order.length)
  const entries = new Float64Array(order.length)
  const bytes = new Float64Array(order.length)
  order.forEach((k, at) => {
    ids[at] = snapshot.nodeId[nodeOf[k]!]!
    entries[at] = found[k]!
    bytes[at] = foundBytes[k]!
  })
  return { maxId, tallies, ids, entries, bytes }
}

/**
 * Entries the collection with this id had in the baseline: 0 when it held none, undefined when
 * it did not exist yet (V8 numbers objects as a snapshot first meets them, so an id at or
 * below the baseline's highest was alive then).
 */
export function baselineCollection(baseline: Baseline, id: number): BaselineCollection | undefined {
  let lo = 0
  let hi = baseline.ids.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const at = baseline.ids[mid]!
    if (at === id) return { entries: baseline.entries[mid]!, bytes: baseline.bytes[mid]! }
    if (at < id) lo = mid + 1
    else hi = mid - 1
  }
  return id <= baseline.maxId ? { entries: 0, bytes: 0 } : undefined
}
