import type { HeapSnapshotHeader } from './snapshot.js'

const ZERO = 0x30
const CLOSE = 0x5d

// The digit loops below are the parser's hot path (nine bytes in ten of a snapshot are the
// digits of `nodes` and `edges`). Each class has its own copy of the loop, with its state in
// locals and its fields written in place: one shared loop calling back per record ran at
// half the speed (the call was polymorphic and each record went through an array).

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
  private current = 0
  private inNumber = false
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
    return this.field === 0 && !this.inNumber
  }

  /** Reads up to and past the array's `]`: returns the index after it, or -1 when the chunk ends first. */
  read(buf: Buffer, start: number): number {
    const n = buf.length
    const width = this.width
    const { typeAt, nameAt, idAt, sizeAt, edgesAt } = this
    let current = this.current
    let inNumber = this.inNumber
    let field = this.field
    let nodeEdges = this.nodeEdges
    let k = this.count
    let end = -1
    for (let i = start; i < n; i++) {
      const digit = buf[i]! - ZERO
      if (digit >= 0 && digit <= 9) {
        current = current * 10 + digit
        inNumber = true
        continue
      }
      if (inNumber) {
        if (k === this.id.length) this.grow()
        if (field === typeAt) this.type[k] = current
        else if (field === nameAt) this.name[k] = current
        else if (field === idAt) this.id[k] = current
        else if (field === sizeAt) this.selfSize[k] = current
        else if (field === edgesAt) nodeEdges = current
        current = 0
        inNumber = false
        if (++field === width) {
          this.firstEdge[k + 1] = this.firstEdge[k]! + nodeEdges
          k++
          field = 0
        }
      }
      if (digit === CLOSE - ZERO) {
        end = i + 1
        break
      }
    }
    this.count = k
    this.current = current
    this.inNumber = inNumber
    this.field = field
    this.nodeEdges = nodeEdges
    return end
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
  private current = 0
  private inNumber = false
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
    return this.field === 0 && !this.inNumber
  }

  /** Reads up to and past the array's `]`: returns the index after it, or -1 when the chunk ends first. */
  read(buf: Buffer, start: number): number {
    const n = buf.length
    const width = this.width
    const { typeAt, nameAt, toAt, nodeWidth } = this
    let current = this.current
    let inNumber = this.inNumber
    let field = this.field
    let k = this.count
    let end = -1
    for (let i = start; i < n; i++) {
      const digit = buf[i]! - ZERO
      if (digit >= 0 && digit <= 9) {
        current = current * 10 + digit
        inNumber = true
        continue
      }
      if (inNumber) {
        if (k === this.to.length) this.grow()
        if (field === typeAt) this.type[k] = current
        else if (field === nameAt) this.name[k] = current
        else if (field === toAt) this.to[k] = current / nodeWidth
        current = 0
        inNumber = false
        if (++field === width) {
          k++
          field = 0
        }
      }
      if (digit === CLOSE - ZERO) {
        end = i + 1
        break
      }
    }
    this.count = k
    this.current = current
    this.inNumber = inNumber
    this.field = field
    return end
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
