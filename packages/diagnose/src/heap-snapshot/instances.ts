import type { HeapSnapshot } from './snapshot.js'

/** How many instances of one constructor a snapshot holds, and their self size. */
export interface Tally {
  count: number
  bytes: number
}

const UNKNOWN = -2
const NONE = -1

/**
 * The group each node counts in (`FrameRecord`, `onData()`, `RegExp`), or undefined for
 * what no user constructs: V8's machinery, strings, numbers, code, synthetic roots.
 * Labels are numbered, and the number is cached per (type, name string) in a typed array,
 * so a snapshot of millions of nodes is labelled at the cost of an array read each.
 */
export class InstanceLabels {
  /** The label of each number. */
  readonly names: string[] = []
  private readonly numbers = new Map<string, number>()
  private readonly byType: (Int32Array | undefined)[] = []

  constructor(private readonly snapshot: HeapSnapshot) {
    snapshot.nodeTypes.forEach((type, i) => {
      if (type === 'object' || type === 'closure' || type === 'regexp' || type === 'native') {
        this.byType[i] = new Int32Array(snapshot.strings.length).fill(UNKNOWN)
      }
    })
  }

  /** The label number of node i, or -1 when it counts in no group. */
  idOf(i: number): number {
    const cache = this.byType[this.snapshot.nodeType[i]!]
    if (cache === undefined) return NONE
    const name = this.snapshot.nodeName[i]!
    const known = cache[name]
    if (known !== undefined && known !== UNKNOWN) return known
    const label = labelFor(this.snapshot.nodeTypes[this.snapshot.nodeType[i]!]!, this.snapshot.strings[name] ?? '')
    let id = NONE
    if (label !== undefined) {
      id = this.numbers.get(label) ?? this.names.length
      if (id === this.names.length) {
        this.names.push(label)
        this.numbers.set(label, id)
      }
    }
    if (name < cache.length) cache[name] = id
    return id
  }

  of(i: number): string | undefined {
    const id = this.idOf(i)
    return id === NONE ? undefined : this.names[id]
  }
}

function labelFor(type: string, name: string): string | undefined {
  if (name.startsWith('system /') || name.startsWith('(')) return undefined
  if (type === 'closure') return `${name === '' ? '(anonymous)' : name}()`
  if (type === 'regexp') return 'RegExp'
  return name === '' ? undefined : name
}

/** Instances per group label. */
export function countInstances(snapshot: HeapSnapshot, labels: InstanceLabels): Map<string, Tally> {
  let counts = new Float64Array(1024)
  let bytes = new Float64Array(1024)
  for (let i = 0; i < snapshot.nodeCount; i++) {
    const id = labels.idOf(i)
    if (id === NONE) continue
    if (id >= counts.length) {
      const more = new Float64Array(counts.length * 2)
      more.set(counts)
      counts = more
      const moreBytes = new Float64Array(bytes.length * 2)
      moreBytes.set(bytes)
      bytes = moreBytes
    }
    counts[id]!++
    bytes[id]! += snapshot.nodeSelfSize[i]!
  }
  const tallies = new Map<string, Tally>()
  labels.names.forEach((label, id) => {
    if (id < counts.length && counts[id]! > 0) tallies.set(label, { count: counts[id]!, bytes: bytes[id]! })
  })
  return tallies
}
