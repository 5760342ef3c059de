/**
 * A parsed V8 heap snapshot, column by column: one typed array per field, so a snapshot of
 * N nodes and E edges costs about 21·N + 9·E bytes plus the strings that name things.
 */
export interface HeapSnapshot {
  nodeCount: number
  edgeCount: number
  /** Index into `nodeTypes` (`object`, `closure`, `hidden`, …). */
  nodeType: Uint8Array
  /** Index into `strings`. */
  nodeName: Uint32Array
  /** V8's heap object id: stable between snapshots of one process. */
  nodeId: Uint32Array
  nodeSelfSize: Float64Array
  /** Node i's edges are `firstEdge[i] … firstEdge[i + 1] - 1`. */
  firstEdge: Uint32Array
  /** Index into `edgeTypes` (`context`, `element`, `property`, `internal`, …). */
  edgeType: Uint8Array
  /** The element index for `element` and `hidden` edges, else an index into `strings`. */
  edgeName: Uint32Array
  /** The target's node ordinal (not the field offset the file stores). */
  edgeTo: Uint32Array
  /** The snapshot's strings; those nothing but string contents refer to are left empty. */
  strings: string[]
  nodeTypes: readonly string[]
  edgeTypes: readonly string[]
}

/** The part of the file before the node array: what the fields are and how many there are. */
export interface HeapSnapshotHeader {
  nodeFields: string[]
  nodeTypes: string[]
  edgeFields: string[]
  edgeTypes: string[]
  /** 0 when the writer did not say. */
  nodeCount: number
  /** 0 when the writer did not say. */
  edgeCount: number
  fileBytes: number
}

/** The type name of node `i`. */
export function nodeTypeName(snapshot: HeapSnapshot, i: number): string {
  return snapshot.nodeTypes[snapshot.nodeType[i]!] ?? ''
}

/** The name of node `i` (constructor name for objects, function name for closures). */
export function nodeNameOf(snapshot: HeapSnapshot, i: number): string {
  return snapshot.strings[snapshot.nodeName[i]!] ?? ''
}

/** The type name of edge `e`. */
export function edgeTypeName(snapshot: HeapSnapshot, e: number): string {
  return snapshot.edgeTypes[snapshot.edgeType[e]!] ?? ''
}

/** The name of edge `e`: the index for elements, the property or variable name otherwise. */
export function edgeNameOf(snapshot: HeapSnapshot, e: number): string {
  const type = edgeTypeName(snapshot, e)
  const name = snapshot.edgeName[e]!
  return type === 'element' || type === 'hidden' ? String(name) : (snapshot.strings[name] ?? '')
}

/** The index of a type name in `types`, or -1 (types are read from the file's meta, never assumed). */
export function typeIndex(types: readonly string[], name: string): number {
  return types.indexOf(name)
}
