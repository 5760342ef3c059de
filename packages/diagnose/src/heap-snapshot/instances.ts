import type { HeapSnapshot } from './snapshot.js'

/** How many instances of one constructor a snapshot holds, and their self size. */
export interface Tally {
  count: number
  bytes: number
}

/**
 * The group each node counts in (`FrameRecord`, `onData()`, `RegExp`), or undefined for
 * what no user constructs: V8's machinery, strings, numbers, code, synthetic roots.
 * Cached per (type, name) pair, so a snapshot of millions of nodes labels each pair once.
 */
export class InstanceLabels {
  private readonly cache = new Map<number, string | undefined>()
  private readonly counted: Uint8Array

  constructor(private readonly snapshot: HeapSnapshot) {
    this.counted = new Uint8Array(256)
    snapshot.nodeTypes.forEach((type, i) => {
      if (type === 'object' || type === 'closure' || type === 'regexp' || type === 'native') this.counted[i] = 1
    })
  }

  of(i: number): string | undefined {
    const type = this.snapshot.nodeType[i]!
    if (this.counted[type] !== 1) return undefined
    const key = this.snapshot.nodeName[i]! * 256 + type
    if (this.cache.has(key)) return this.cache.get(key)
    const label = labelFor(this.snapshot.nodeTypes[type]!, this.snapshot.strings[this.snapshot.nodeName[i]!] ?? '')
    this.cache.set(key, label)
    return label
  }
}

function labelFor(type: string, name: string): string | undefined {
  if (name.startsWith('system /') || name.startsWith('(')) return undefined
  if (type === 'closure') return `${name === '' ? '(anonymous)' : name}()`
  if (type === 'regexp') return 'RegExp'
  if (type === 'native' && name === '') return undefined
  return name === '' ? undefined : name
}

/** Instances per group label. */
export function countInstances(snapshot: HeapSnapshot, labels: InstanceLabels): Map<string, Tally> {
  const tallies = new Map<string, Tally>()
  for (let i = 0; i < snapshot.nodeCount; i++) {
    const label = labels.of(i)
    if (label === undefined) continue
    const tally = tallies.get(label)
    if (tally === undefined) tallies.set(label, { count: 1, bytes: snapshot.nodeSelfSize[i]! })
    else {
      tally.count++
      tally.bytes += snapshot.nodeSelfSize[i]!
    }
  }
  return tallies
}
