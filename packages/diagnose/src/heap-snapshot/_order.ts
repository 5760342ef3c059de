import type { Baseline } from './_baseline.js'
import { InstanceLabels } from './instances.js'
import type { RetainerTree } from './retainers.js'
import type { HeapSnapshot } from './snapshot.js'

/** A growth before ordering: `node` is the collection, or (for instances) -1 until a sample is chosen. */
export interface Candidate {
  what: string
  kind: 'instances' | 'entries'
  count: number
  bytes: number
  node: number
  /** For entries: the hash table, elements or dictionary holding them, or -1. */
  store?: number
}

/** Constructors too common to name a leak alone: their collection says more, so it goes first. */
const GENERIC = new Set(['Object', 'Array', '(anonymous)()'])

/**
 * Orders growths so the first says most. A class and the collection its new instances sit
 * in are one story (a module-level array of FrameRecord): they stay together, the class
 * first (its path names the collection anyway), unless the class is a generic `Object` or
 * `Array`, when the collection leads. A constructor whose new instances are held by new
 * instances of another growing one (FrameRecord's inner objects) follows the holders. Within
 * those tiers: bytes, then count, largest first.
 */
export function orderGrowths(
  snapshot: HeapSnapshot,
  tree: RetainerTree,
  baseline: Baseline,
  candidates: Candidate[],
): Candidate[] {
  const labels = new InstanceLabels(snapshot)
  const instances = new Map(candidates.filter((c) => c.kind === 'instances').map((c) => [c.what, c]))
  chooseSamples(snapshot, tree, baseline, labels, instances)
  const heldBy = new Map<Candidate, string>()
  for (const c of instances.values()) {
    const holder = newHolder(snapshot, tree, baseline, labels, c, instances)
    if (holder !== undefined) heldBy.set(c, holder)
  }
  const groups = new Map<Candidate, Candidate[]>()
  for (const c of instances.values()) if (c.node !== -1) groups.set(c, [c])
  for (const c of candidates) {
    if (c.kind !== 'entries') continue
    const { label, primitiveBytes } = newEntries(snapshot, baseline, labels, c)
    c.bytes += primitiveBytes
    const partner = label === undefined ? undefined : instances.get(label)
    const group = partner === undefined ? undefined : groups.get(partner)
    if (group === undefined) groups.set(c, [c])
    else if (GENERIC.has(partner!.what)) group.unshift(c)
    else group.push(c)
  }
  const tier = (lead: Candidate): number => (heldBy.has(lead) ? 1 : 0)
  const total = (g: Candidate[], key: 'bytes' | 'count'): number => g.reduce((sum, c) => sum + c[key], 0)
  return [...groups.entries()]
    .sort(([a, ga], [b, gb]) => tier(a) - tier(b) || total(gb, 'bytes') - total(ga, 'bytes') || total(gb, 'count') - total(ga, 'count'))
    .flatMap(([, g]) => g)
}

/**
 * For each growing constructor, a sample that stands for most of its new instances: they are
 * grouped by what holds them (the parent's type and name on their shortest path), and the
 * largest group's instance nearest a GC root is taken. The nearest instance of all could be
 * the one odd object a stack frame holds.
 */
function chooseSamples(
  snapshot: HeapSnapshot,
  tree: RetainerTree,
  baseline: Baseline,
  labels: InstanceLabels,
  instances: Map<string, Candidate>,
): void {
  // New instances first; embedder objects, whose ids say nothing of age, take any instance.
  for (const newOnly of [true, false]) {
    if (![...instances.values()].some((c) => c.node === -1)) break
    const byHolder = new Map<Candidate, Map<number, { count: number; best: number }>>()
    for (let i = 0; i < snapshot.nodeCount; i++) {
      if ((newOnly && snapshot.nodeId[i]! <= baseline.maxId) || tree.depth[i]! < 0) continue
      const label = labels.of(i)
      const c = label === undefined ? undefined : instances.get(label)
      if (c === undefined || c.node !== -1) continue
      const parent = tree.parent[i]!
      const holder = parent === -1 ? -1 : snapshot.nodeName[parent]! * 256 + snapshot.nodeType[parent]!
      let holders = byHolder.get(c)
      if (holders === undefined) byHolder.set(c, (holders = new Map()))
      const group = holders.get(holder)
      if (group === undefined) holders.set(holder, { count: 1, best: i })
      else {
        group.count++
        if (tree.depth[i]! < tree.depth[group.best]!) group.best = i
      }
    }
    for (const [c, holders] of byHolder) {
      let top: { count: number; best: number } | undefined
      for (const group of holders.values()) if (top === undefined || group.count > top.count) top = group
      if (top !== undefined) c.node = top.best
    }
  }
}

/** The growing constructor whose new instance holds this one's sample, if any. */
function newHolder(
  snapshot: HeapSnapshot,
  tree: RetainerTree,
  baseline: Baseline,
  labels: InstanceLabels,
  c: Candidate,
  instances: Map<string, Candidate>,
): string | undefined {
  if (c.node === -1) return undefined
  for (let at = tree.parent[c.node]!; at !== -1; at = tree.parent[at]!) {
    if (snapshot.nodeId[at]! <= baseline.maxId) continue
    const label = labels.of(at)
    if (label !== undefined && label !== c.what && instances.has(label)) return label
  }
  return undefined
}

/** The most common constructor among a collection's new entries, and the bytes of its new primitive keys and values. */
function newEntries(
  snapshot: HeapSnapshot,
  baseline: Baseline,
  labels: InstanceLabels,
  c: Candidate,
): { label: string | undefined; primitiveBytes: number } {
  const counts = new Map<string, number>()
  let primitiveBytes = 0
  const primitive = new Set(['string', 'number', 'concatenated string', 'sliced string', 'bigint'])
  // An array reaches each element twice (an element edge, and the backing store's slot).
  const seen = new Set<number>()
  for (const holder of [c.node, c.store ?? -1]) {
    if (holder === -1) continue
    for (let e = snapshot.firstEdge[holder]!; e < snapshot.firstEdge[holder + 1]!; e++) {
      const to = snapshot.edgeTo[e]!
      if (snapshot.nodeId[to]! <= baseline.maxId || seen.has(to)) continue
      seen.add(to)
      if (primitive.has(snapshot.nodeTypes[snapshot.nodeType[to]!]!)) {
        primitiveBytes += snapshot.nodeSelfSize[to]!
        continue
      }
      const label = labels.of(to)
      if (label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1)
    }
  }
  let label: string | undefined
  let most = 0
  for (const [l, n] of counts) {
    if (n > most) {
      label = l
      most = n
    }
  }
  return { label, primitiveBytes }
}
