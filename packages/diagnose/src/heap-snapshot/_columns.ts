import type { HeapSnapshotHeader } from './snapshot.js'

// The numbers of `nodes` and `edges` (read by _digits.ts) go into one typed array per field.
// Each class has its own loop, with its state in locals and its fields written in place:
// a shared loop calling back per record ran at half the speed.

type FieldOf = (fields: string[], name: string) => number

/** Node fields by name, from meta: the order is the file's to say, not ours. */
export class NodeColumns {
  count = 0
  type: Uint8Array
  name: Uint32Array
  id: Uint32Array
  selfSize: Float64Array
  /** Cumulative edge counts: node i's edges start at firstEdge[i]; one longer than the nodes. */
  firstEdge: Uint32Array
  private field = 0
  /** edge_count of the node being read, once its field has passed. */
  private nodeEdges = 0
  private readonly width: number
  private readonly typeAt: number
  private readonly nameAt: number
  private readonly idAt: number
  private readonly sizeAt: number
  private readonly edgesAt: number

  constructor(header: HeapSnapshotHeader, field: FieldOf) {
    const f = header.nodeFields
    this.width = f.length
    this.typeAt = field(f, 'type')
    this.nameAt = field(f, 'name')
    this.idAt = field(f, 'id')
    this.sizeAt = field(f, 'self_size')
    this.edgesAt = field(f, 'edge_count')
    const capacity = Math.max(16, header.nodeCount)
    this.type = new Uint8Array(capacity)
    this.name = new Uint32Array(capacity)
    this.id = new Uint32Array(capacity)
    this.selfSize = new Float64Array(capacity)
    this.firstEdge = new Uint32Array(capacity + 1)
  }

  /** Whether the numbers read so far make whole nodes. */
  get whole(): boolean {
    return this.field === 0
  }

  /** Takes the next `count` numbers of the array. */
  take(values: Float64Array, count: number): void {
    let v = 0
    // Whole nodes in one go (no branch per number); a node cut by the chunk, number by number.
    while (this.field !== 0 && v < count) this.takeOne(values[v++]!)
    const width = this.width
    const whole = Math.floor((count - v) / width)
    while (this.count + whole > this.id.length) this.grow()
    const { type, name, id, selfSize, firstEdge, typeAt, nameAt, idAt, sizeAt, edgesAt } = this
    let k = this.count
    let total = firstEdge[k]!
    for (const stop = v + whole * width; v < stop; v += width) {
      type[k] = values[v + typeAt]!
      name[k] = values[v + nameAt]!
      id[k] = values[v + idAt]!
      selfSize[k] = values[v + sizeAt]!
      total += values[v + edgesAt]!
      firstEdge[++k] = total
    }
    this.count = k
    while (v < count) this.takeOne(values[v++]!)
  }

  private takeOne(value: number): void {
    const k = this.count
    if (k === this.id.length) this.grow()
    const field = this.field
    if (field === this.typeAt) this.type[k] = value
    else if (field === this.nameAt) this.name[k] = value
    else if (field === this.idAt) this.id[k] = value
    else if (field === this.sizeAt) this.selfSize[k] = value
    else if (field === this.edgesAt) this.nodeEdges = value
    if (++this.field === this.width) {
      this.firstEdge[k + 1] = this.firstEdge[k]! + this.nodeEdges
      this.count++
      this.field = 0
    }
  }

  private grow(): void {
    const size = this.id.length * 2
    this.type = resized(this.type, size)
    this.name = resized(this.name, size)
    this.id = resized(this.id, size)
    this.selfSize = resized(this.selfSize, size)
    this.firstEdge = resized(this.firstEdge, size + 1)
  }
}

/** Edge fields by name, from meta; `to_node` (a field offset in the file) is kept as a node ordinal. */
export class EdgeColumns {
  count = 0
  type: Uint8Array
  name: Uint32Array
  to: Uint32Array
  private field = 0
  private readonly width: number
  private readonly typeAt: number
  private readonly nameAt: number
  private readonly toAt: number
  private readonly nodeWidth: number

  constructor(header: HeapSnapshotHeader, field: FieldOf) {
    const f = header.edgeFields
    this.width = f.length
    this.typeAt = field(f, 'type')
    this.nameAt = field(f, 'name_or_index')
    this.toAt = field(f, 'to_node')
    this.nodeWidth = header.nodeFields.length
    const capacity = Math.max(16, header.edgeCount)
    this.type = new Uint8Array(capacity)
    this.name = new Uint32Array(capacity)
    this.to = new Uint32Array(capacity)
  }

  /** Whether the numbers read so far make whole edges. */
  get whole(): boolean {
    return this.field === 0
  }

  /** Takes the next `count` numbers of the array. */
  take(values: Float64Array, count: number): void {
    let v = 0
    // Whole edges in one go (no branch per number); an edge cut by the chunk, number by number.
    while (this.field !== 0 && v < count) this.takeOne(values[v++]!)
    const width = this.width
    const whole = Math.floor((count - v) / width)
    while (this.count + whole > this.to.length) this.grow()
    const { type, name, to, typeAt, nameAt, toAt, nodeWidth } = this
    let k = this.count
    for (const stop = v + whole * width; v < stop; v += width) {
      type[k] = values[v + typeAt]!
      name[k] = values[v + nameAt]!
      to[k] = values[v + toAt]! / nodeWidth
      k++
    }
    this.count = k
    while (v < count) this.takeOne(values[v++]!)
  }

  private takeOne(value: number): void {
    const k = this.count
    if (k === this.to.length) this.grow()
    const field = this.field
    if (field === this.typeAt) this.type[k] = value
    else if (field === this.nameAt) this.name[k] = value
    else if (field === this.toAt) this.to[k] = value / this.nodeWidth
    if (++this.field === this.width) {
      this.count++
      this.field = 0
    }
  }

  private grow(): void {
    const size = this.to.length * 2
    this.type = resized(this.type, size)
    this.name = resized(this.name, size)
    this.to = resized(this.to, size)
  }
}

function resized<T extends Uint8Array | Uint32Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size)
  bigger.set(array)
  return bigger
}
