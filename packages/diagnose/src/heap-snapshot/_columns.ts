import type { HeapSnapshotHeader } from './snapshot.js'

const ZERO = 0x30
const CLOSE = 0x5d

/**
 * The numbers of one flat array (`nodes` or `edges`), read straight from the file's bytes
 * into one typed array per field. The digit loop is the parser's hot path: it keeps its
 * state in locals and hands over whole records, not single numbers.
 */
export abstract class RecordColumns {
  /** Records read so far. */
  count = 0
  private field = 0
  private current = 0
  private inNumber = false
  private readonly record: Float64Array

  constructor(readonly width: number) {
    this.record = new Float64Array(width)
  }

  /** Reads up to and past the array's `]`: returns the index after it, or -1 when the chunk ends first. */
  read(buf: Buffer, start: number): number {
    const record = this.record
    const width = this.width
    const n = buf.length
    let current = this.current
    let inNumber = this.inNumber
    let field = this.field
    for (let i = start; i < n; i++) {
      const digit = buf[i]! - ZERO
      if (digit >= 0 && digit <= 9) {
        current = current * 10 + digit
        inNumber = true
        continue
      }
      if (inNumber) {
        record[field++] = current
        current = 0
        inNumber = false
        if (field === width) {
          this.add(record)
          field = 0
        }
      }
      if (digit === CLOSE - ZERO) {
        this.field = field
        this.current = 0
        this.inNumber = false
        return i + 1
      }
    }
    this.current = current
    this.inNumber = inNumber
    this.field = field
    return -1
  }

  /** Whether the numbers read so far make whole records. */
  get whole(): boolean {
    return this.field === 0 && !this.inNumber
  }

  protected abstract add(record: Float64Array): void
}

/** Node fields by name, from meta: the order is the file's to say, not ours. */
export class NodeColumns extends RecordColumns {
  type: Uint8Array
  name: Uint32Array
  id: Uint32Array
  selfSize: Float64Array
  /** Cumulative edge counts: node i's edges start at firstEdge[i]; one longer than the nodes. */
  firstEdge: Uint32Array
  private readonly at: { type: number; name: number; id: number; size: number; edges: number }

  constructor(header: HeapSnapshotHeader, field: (fields: string[], name: string) => number) {
    super(header.nodeFields.length)
    const f = header.nodeFields
    this.at = { type: field(f, 'type'), name: field(f, 'name'), id: field(f, 'id'), size: field(f, 'self_size'), edges: field(f, 'edge_count') }
    const capacity = Math.max(16, header.nodeCount)
    this.type = new Uint8Array(capacity)
    this.name = new Uint32Array(capacity)
    this.id = new Uint32Array(capacity)
    this.selfSize = new Float64Array(capacity)
    this.firstEdge = new Uint32Array(capacity + 1)
  }

  protected add(record: Float64Array): void {
    const k = this.count++
    if (k === this.id.length) this.grow()
    const at = this.at
    this.type[k] = record[at.type]!
    this.name[k] = record[at.name]!
    this.id[k] = record[at.id]!
    this.selfSize[k] = record[at.size]!
    this.firstEdge[k + 1] = this.firstEdge[k]! + record[at.edges]!
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
export class EdgeColumns extends RecordColumns {
  type: Uint8Array
  name: Uint32Array
  to: Uint32Array
  private readonly at: { type: number; name: number; to: number }
  private readonly nodeWidth: number

  constructor(header: HeapSnapshotHeader, field: (fields: string[], name: string) => number) {
    super(header.edgeFields.length)
    const f = header.edgeFields
    this.at = { type: field(f, 'type'), name: field(f, 'name_or_index'), to: field(f, 'to_node') }
    this.nodeWidth = header.nodeFields.length
    const capacity = Math.max(16, header.edgeCount)
    this.type = new Uint8Array(capacity)
    this.name = new Uint32Array(capacity)
    this.to = new Uint32Array(capacity)
  }

  protected add(record: Float64Array): void {
    const k = this.count++
    if (k === this.to.length) {
      const size = k * 2
      this.type = resized(this.type, size)
      this.name = resized(this.name, size)
      this.to = resized(this.to, size)
    }
    const at = this.at
    this.type[k] = record[at.type]!
    this.name[k] = record[at.name]!
    this.to[k] = record[at.to]! / this.nodeWidth
  }
}

function resized<T extends Uint8Array | Uint32Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size)
  bigger.set(array)
  return bigger
}
