import { EdgeColumns, NodeColumns } from './_columns.js'
import { createDigitReader, JsDigitReader, type DigitReader } from './_digits.js'
import type { HeapSnapshotHeader } from './snapshot.js'

// _records.wat (1016 bytes): the digits of `nodes` and `edges` read straight into their
// columns, which live in the module's memory. Rebuild after editing it:
//   npx -y -p wabt@1.0.39 wat2wasm src/heap-snapshot/_records.wat -o /tmp/records.wasm && base64 -w0 /tmp/records.wasm
const RECORDS_WASM = 'AGFzbQEAAAABEgNgBX9/f39/AGAAAX9gAX8BfwMFBAABAgIFAwEAAQY4C34BQgALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQELfwFBAAt/AUEAC38BQQALfwFBAQsHOAYGbWVtb3J5AgAFY291bnQDAwVzZXR1cAAABXdob2xlAAEHcmVjb3JkcwACCXJlY29yZHNWOAADCtkGBDoAIAAkBiABJAcgAiQIIAMkCSAEJApCACQAQQAkAUEAJAJBACQDQQAkBEEAJAUgAwRAIANBADYCAAsLCQAjAkUjAUVxC+gCAwN/AX4KfyMAIQQjASEFIwIhBiMDIQcjBCEIIwUhCUF/IQ4CQANAIAEgAE8NASABLQAAIQIgAkEwayEDIANBCkkEQCAEQgp+IAOtfCEEQQEhBSABQQFqIQEMAQsgBQRAIAcjB08EQEF+IQ4MAwsjCCAGQQN0aiEKIAooAgAhCyAKKAIEIQwgBKchDQJAIAtFDQAgC0EBRgRAIAwgB2ogDToAAAwBCyALQQJGBEAgDCAHQQJ0aiANNgIADAELIAtBA0YEQCAMIAdBA3RqIAS6OQMADAELIAtBBEYEQCANIQkMAQsgDCAHQQJ0aiANIwpuNgIAC0IAIQRBACEFIAZBAWohBiAGIwZGBEAjCQRAIAggCWohCCMJIAdBAWpBAnRqIAg2AgALIAdBAWohB0EAIQYLCyACQd0ARgRAIAEhDgwCCyABQQFqIQEMAAsLIAQkACAFJAEgBiQCIAckAyAIJAQgCSQFIA4LpwMDA38Bfgx/IwAhBCMBIQUjAiEGIwMhByMEIQgjBSEJQX8hCyMJQQBHIQwjCCgCBCENIwgoAgwhDiMIKAIUIQ8jCCgCHCEQAkADQCABIABPDQEgAS0AACECIAJBMGshAyADQQpJBEAgBEIKfiADrXwhBEEBIQUgAUEBaiEBDAELIAUEQCAHIwdPBEBBfiELDAMLIASnIQoCQCAMBEACQAJAAkACQAJAIAYOBQABAgMEBgsgDSAHaiAKOgAADAULIA4gB0ECdGogCjYCAAwECyAPIAdBAnRqIAo2AgAMAwsgECAHQQN0aiAEujkDAAwCCyAKIQkMAQsCQAJAAkAgBg4DAAECAwsgDSAHaiAKOgAADAILIA4gB0ECdGogCjYCAAwBCyAPIAdBAnRqIAojCm42AgALQgAhBEEAIQUgBkEBaiEGIAYjBkYEQCAMBEAgCCAJaiEIIwkgB0EBakECdGogCDYCAAsgB0EBaiEHQQAhBgsLIAJB3QBGBEAgASELDAILIAFBAWohAQwACwsgBCQAIAUkASAGJAIgByQDIAgkBCAJJAUgCws='

const PAGE = 65536
const MAX_PAGES = 65536 // 4 GiB: a 32-bit memory
const MAX_FIELDS = 16
const V8_NODE_FIELDS = ['type', 'name', 'id', 'self_size', 'edge_count']
const V8_EDGE_FIELDS = ['type', 'name_or_index', 'to_node']
const KIND = { skip: 0, u8: 1, u32: 2, f64: 3, edgeCount: 4, nodeOrdinal: 5 } as const

export interface NodeArrays {
  count: number
  type: Uint8Array
  name: Uint32Array
  id: Uint32Array
  selfSize: Float64Array
  firstEdge: Uint32Array
}

export interface EdgeArrays {
  count: number
  type: Uint8Array
  name: Uint32Array
  to: Uint32Array
}

/** Where the numbers of `nodes` and `edges` go, one array after the other. */
export interface SnapshotColumns {
  begin(array: 'nodes' | 'edges'): void
  /** Reads a chunk (at most chunkBytes) of the current array: the index of its `]`, or -1 when it goes on. */
  read(chunk: Uint8Array): number
  /** Whether the current array's numbers make whole records. */
  whole(): boolean
  nodes(): NodeArrays
  edges(): EdgeArrays
}

type FieldOf = (fields: string[], name: string) => number

/**
 * The columns for a snapshot: in WebAssembly memory when the header gives the counts and
 * they fit in 4 GiB, else typed arrays filled from JavaScript.
 */
export function createColumns(header: HeapSnapshotHeader, chunkBytes: number, field: FieldOf, engine: 'wasm' | 'js' = 'wasm'): SnapshotColumns {
  if (engine === 'wasm') {
    const wasm = WasmColumns.create(header, chunkBytes, field)
    if (wasm !== undefined) return wasm
  }
  return new ReaderColumns(header, field, engine === 'js' ? new JsDigitReader(chunkBytes) : createDigitReader(chunkBytes))
}

// The few WebAssembly names used here (the repo's lib settings declare no WebAssembly API).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: unknown }
}
interface RecordsExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number }
  setup(width: number, capacity: number, table: number, firstEdge: number, divisor: number): void
  records(length: number): number
  recordsV8(length: number): number
  whole(): number
  count: { value: number }
}

/** Columns laid out in one WebAssembly memory: input chunk, field table, then the arrays. */
class WasmColumns implements SnapshotColumns {
  private nodeCount = 0
  private edgeCount = 0
  private current: 'nodes' | 'edges' = 'nodes'
  /** Whether the fields are in V8's own order, which recordsV8 reads without the field table. */
  private v8Order = false

  static create(header: HeapSnapshotHeader, chunkBytes: number, field: FieldOf): WasmColumns | undefined {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    const n = header.nodeCount
    const e = header.edgeCount
    if (wasm === undefined || n === 0 || header.nodeFields.length > MAX_FIELDS || header.edgeFields.length > MAX_FIELDS) return undefined
    const align = (x: number): number => Math.ceil(x / 8) * 8
    let at = align(chunkBytes)
    const table = at
    at += MAX_FIELDS * 8
    const place = (bytes: number): number => {
      const start = at
      at = align(at + bytes)
      return start
    }
    const layout = {
      selfSize: place(n * 8),
      name: place(n * 4),
      id: place(n * 4),
      firstEdge: place((n + 1) * 4),
      edgeName: place(e * 4),
      edgeTo: place(e * 4),
      type: place(n),
      edgeType: place(e),
    }
    const pages = Math.ceil(at / PAGE)
    if (pages > MAX_PAGES) return undefined
    try {
      const exports = new wasm.Instance(new wasm.Module(Buffer.from(RECORDS_WASM, 'base64'))).exports as RecordsExports
      exports.memory.grow(pages - exports.memory.buffer.byteLength / PAGE)
      return new WasmColumns(exports, header, chunkBytes, table, layout, field)
    } catch {
      return undefined // no memory that large here
    }
  }

  private readonly input: Uint8Array
  private readonly fieldTable: Uint32Array

  private constructor(
    private readonly exports: RecordsExports,
    private readonly header: HeapSnapshotHeader,
    private readonly chunkBytes: number,
    private readonly table: number,
    private readonly layout: Record<'selfSize' | 'name' | 'id' | 'firstEdge' | 'edgeName' | 'edgeTo' | 'type' | 'edgeType', number>,
    private readonly field: FieldOf,
  ) {
    this.input = new Uint8Array(exports.memory.buffer, 0, chunkBytes)
    this.fieldTable = new Uint32Array(exports.memory.buffer, table, MAX_FIELDS * 2)
  }

  begin(array: 'nodes' | 'edges'): void {
    this.current = array
    const h = this.header
    const fields = array === 'nodes' ? h.nodeFields : h.edgeFields
    const l = this.layout
    const kinds: Record<string, [number, number]> =
      array === 'nodes'
        ? {
            type: [KIND.u8, l.type],
            name: [KIND.u32, l.name],
            id: [KIND.u32, l.id],
            self_size: [KIND.f64, l.selfSize],
            edge_count: [KIND.edgeCount, 0],
          }
        : { type: [KIND.u8, l.edgeType], name_or_index: [KIND.u32, l.edgeName], to_node: [KIND.nodeOrdinal, l.edgeTo] }
    for (const name of Object.keys(kinds)) this.field(fields, name) // every field we need is there
    this.fieldTable.fill(0)
    fields.forEach((name, f) => {
      const [kind, base] = kinds[name] ?? [KIND.skip, 0]
      this.fieldTable[f * 2] = kind
      this.fieldTable[f * 2 + 1] = base
    })
    const nodes = array === 'nodes'
    const order = nodes ? V8_NODE_FIELDS : V8_EDGE_FIELDS
    this.v8Order = order.every((name, f) => fields[f] === name) && (nodes ? fields.length >= 5 : fields.length === 3)
    this.exports.setup(fields.length, nodes ? h.nodeCount : h.edgeCount, this.table, nodes ? l.firstEdge : 0, h.nodeFields.length)
  }

  read(chunk: Uint8Array): number {
    if (chunk.length > this.chunkBytes) throw new RangeError(`a chunk of ${chunk.length} bytes, over ${this.chunkBytes}`)
    this.input.set(chunk)
    const end = this.v8Order ? this.exports.recordsV8(chunk.length) : this.exports.records(chunk.length)
    if (this.current === 'nodes') this.nodeCount = this.exports.count.value
    else this.edgeCount = this.exports.count.value
    if (end === -2) throw new RangeError(`more ${this.current} than the snapshot's header counts`)
    return end
  }

  whole(): boolean {
    return this.exports.whole() === 1
  }

  nodes(): NodeArrays {
    const buffer = this.exports.memory.buffer
    const n = this.nodeCount
    const l = this.layout
    return {
      count: n,
      type: new Uint8Array(buffer, l.type, n),
      name: new Uint32Array(buffer, l.name, n),
      id: new Uint32Array(buffer, l.id, n),
      selfSize: new Float64Array(buffer, l.selfSize, n),
      firstEdge: new Uint32Array(buffer, l.firstEdge, n + 1),
    }
  }

  edges(): EdgeArrays {
    const buffer = this.exports.memory.buffer
    const e = this.edgeCount
    const l = this.layout
    return {
      count: e,
      type: new Uint8Array(buffer, l.edgeType, e),
      name: new Uint32Array(buffer, l.edgeName, e),
      to: new Uint32Array(buffer, l.edgeTo, e),
    }
  }
}

/** Typed arrays filled from JavaScript, from the numbers a DigitReader reads. */
class ReaderColumns implements SnapshotColumns {
  private readonly nodeColumns: NodeColumns
  private readonly edgeColumns: EdgeColumns
  private current: NodeColumns | EdgeColumns

  constructor(
    header: HeapSnapshotHeader,
    field: FieldOf,
    private readonly digits: DigitReader,
  ) {
    this.nodeColumns = new NodeColumns(header, field)
    this.edgeColumns = new EdgeColumns(header, field)
    this.current = this.nodeColumns
  }

  begin(array: 'nodes' | 'edges'): void {
    this.current = array === 'nodes' ? this.nodeColumns : this.edgeColumns
  }

  read(chunk: Uint8Array): number {
    const digits = this.digits.read(chunk)
    this.current.take(digits.values, digits.count)
    return digits.end
  }

  whole(): boolean {
    return this.current.whole
  }

  nodes(): NodeArrays {
    const c = this.nodeColumns
    const n = c.count
    return { count: n, type: c.type.subarray(0, n), name: c.name.subarray(0, n), id: c.id.subarray(0, n), selfSize: c.selfSize.subarray(0, n), firstEdge: c.firstEdge.subarray(0, n + 1) }
  }

  edges(): EdgeArrays {
    const c = this.edgeColumns
    const e = c.count
    return { count: e, type: c.type.subarray(0, e), name: c.name.subarray(0, e), to: c.to.subarray(0, e) }
  }
}
