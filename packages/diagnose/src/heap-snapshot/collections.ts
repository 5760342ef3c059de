import type { HeapSnapshot } from './snapshot.js'

/** A collection's entries in one snapshot, and the bytes of the collection with its backing store. */
export interface CollectionSize {
  label: string
  entries: number
  bytes: number
  /** The node that holds the entries themselves (hash table, elements, dictionary), or -1. */
  store: number
}

// V8 (Node 20, no pointer compression) lays a Map or Set out as a JSMap with an internal
// `table` edge to an OrderedHashMap/Set: a FixedArray of [elements, deleted, buckets,
// bucket heads × capacity/2, entries × capacity] where a Map entry is (key, value, chain)
// and a Set entry (key, chain). Smi keys and values have no edge, so the table's size (its
// capacity) is the only trace of a Map of small integers.
const MAP_ENTRY = 3
const SET_ENTRY = 2
const HASH_HEADER_SLOTS = 3

/**
 * Reads Map, Set, Array and dictionary-object sizes from a snapshot. Entry counts come from
 * the edges to keys and values where there are any, else from the backing store's capacity
 * (a lower bound: V8 doubles a hash table when it is full, grows an array by 1.5×+16).
 */
export class CollectionReader {
  private readonly internal: number
  private readonly element: number
  private readonly property: number
  private readonly object: number
  private readonly names: { table: number; elements: number; properties: number; proto: number; map: number; dictionary: number }

  constructor(private readonly snapshot: HeapSnapshot) {
    const et = snapshot.edgeTypes
    this.internal = et.indexOf('internal')
    this.element = et.indexOf('element')
    this.property = et.indexOf('property')
    this.object = snapshot.nodeTypes.indexOf('object')
    const index = new Map<string, number>()
    const wanted = new Set(['table', 'elements', 'properties', '__proto__', 'map', '(object properties)'])
    snapshot.strings.forEach((s, i) => {
      if (wanted.has(s) && !index.has(s)) index.set(s, i)
    })
    const at = (s: string): number => index.get(s) ?? -1
    this.names = {
      table: at('table'),
      elements: at('elements'),
      properties: at('properties'),
      proto: at('__proto__'),
      map: at('map'),
      dictionary: at('(object properties)'),
    }
  }

  /** Node i as a collection, or undefined when it is not one or holds nothing. */
  read(i: number): CollectionSize | undefined {
    const s = this.snapshot
    if (s.nodeType[i] !== this.object) return undefined
    const label = s.strings[s.nodeName[i]!] ?? ''
    if (label.startsWith('system /') || label.startsWith('Weak') || label === '') return undefined
    let table = -1
    let elements = -1
    let properties = -1
    let elementEdges = 0
    let propertyEdges = 0
    for (let e = s.firstEdge[i]!; e < s.firstEdge[i + 1]!; e++) {
      const type = s.edgeType[e]
      const name = s.edgeName[e]
      if (type === this.internal) {
        if (name === this.names.table) table = s.edgeTo[e]!
        else if (name === this.names.elements) elements = s.edgeTo[e]!
        else if (name === this.names.properties) properties = s.edgeTo[e]!
      } else if (type === this.element) elementEdges++
      else if (type === this.property && name !== this.names.proto) propertyEdges++
    }
    const self = s.nodeSelfSize[i]!
    if (table !== -1) {
      const entries = this.hashEntries(table)
      return entries > 0 ? { label, entries, bytes: self + s.nodeSelfSize[table]!, store: table } : undefined
    }
    let entries = elementEdges
    let bytes = self
    let store = -1
    if (elements !== -1) {
      bytes += s.nodeSelfSize[elements]!
      store = elements
      if (entries === 0 && label === 'Array') entries = arrayLowerBound(s.nodeSelfSize[elements]!)
    }
    if (properties !== -1 && s.nodeName[properties] === this.names.dictionary) {
      bytes += s.nodeSelfSize[properties]!
      if (store === -1 || entries === 0) store = properties
      entries += this.distinctSlots(properties, 0, MAP_ENTRY)
    } else entries += propertyEdges
    return entries > 0 ? { label, entries, bytes, store } : undefined
  }

  /** Live entries of an OrderedHashMap/Set: distinct entries with an edge, else half the capacity. */
  private hashEntries(table: number): number {
    const layout = hashLayout(this.snapshot.nodeSelfSize[table]!)
    if (layout === undefined) return this.distinctSlots(table, 0, 1)
    const withEdges = this.distinctSlots(table, HASH_HEADER_SLOTS + layout.capacity / 2, layout.entrySize)
    if (withEdges > 0) return withEdges
    return layout.capacity > 4 ? layout.capacity / 2 : 0
  }

  /** How many entries (of `entrySize` slots from slot `first`) have at least one internal edge. */
  private distinctSlots(store: number, first: number, entrySize: number): number {
    const s = this.snapshot
    let count = 0
    let last = -1
    for (let e = s.firstEdge[store]!; e < s.firstEdge[store + 1]!; e++) {
      if (s.edgeType[e] !== this.internal || s.edgeName[e] === this.names.map) continue
      const slot = Number(s.strings[s.edgeName[e]!])
      if (!Number.isInteger(slot) || slot < first) continue
      const entry = Math.floor((slot - first) / entrySize)
      // V8 lists a store's slots in order, so a new entry index is a new entry.
      if (entry !== last) {
        count++
        last = entry
      }
    }
    return count
  }
}

/** Capacity and entry size of an OrderedHashMap (3 slots an entry) or OrderedHashSet (2), from its size. */
export function hashLayout(bytes: number): { capacity: number; entrySize: number } | undefined {
  for (const [pointer, header] of [
    [8, 16],
    [4, 8],
  ] as const) {
    const slots = (bytes - header) / pointer - HASH_HEADER_SLOTS
    for (const entrySize of [MAP_ENTRY, SET_ENTRY]) {
      const capacity = slots / (entrySize + 0.5)
      if (Number.isInteger(capacity) && capacity > 0 && (capacity & (capacity - 1)) === 0) return { capacity, entrySize }
    }
  }
  return undefined
}

/** Elements an array of numbers holds at least, from its backing store's size (it grew to new = old·1.5 + 16 when full). */
function arrayLowerBound(bytes: number): number {
  const capacity = (bytes - 16) / 8
  return capacity > 16 ? Math.floor((capacity - 16) / 1.5) : 0
}
