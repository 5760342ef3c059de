import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Growable } from './_growable.js'
import { unescapeJsonString } from './_json-string.js'
import { HeapSnapshotError } from './errors.js'
import type { HeapSnapshot, HeapSnapshotHeader } from './snapshot.js'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN = 0x5b
const CLOSE = 0x5d
const CLOSE_OBJECT = 0x7d
const ZERO = 0x30
const NINE = 0x39
const HEADER_END = '"nodes"'
const CHUNK = 1 << 20

/**
 * Reads only the head of a snapshot (meta, node and edge counts): a few kilobytes, so the
 * cost of a full parse can be judged before paying it.
 */
export async function readHeapSnapshotHeader(path: string): Promise<HeapSnapshotHeader> {
  const fileBytes = (await stat(path)).size
  let text = ''
  for await (const chunk of createReadStream(path, { start: 0, highWaterMark: 64 * 1024 })) {
    text += (chunk as Buffer).toString('latin1')
    const end = text.indexOf(HEADER_END)
    if (end !== -1) return parseHeader(text.slice(0, end), fileBytes, path)
    if (text.length > 1 << 20) break
  }
  throw invalid(path, 'no "nodes" array after the snapshot meta')
}

/**
 * Parses a `.heapsnapshot` file chunk by chunk into typed arrays, never holding the file's
 * text: numbers go straight into their field's array, and of the strings only those that
 * name nodes or edges are kept (string contents, often most of them, are skipped).
 */
export async function readHeapSnapshot(path: string, options: { chunkBytes?: number } = {}): Promise<HeapSnapshot> {
  const fileBytes = (await stat(path)).size
  const reader = new SnapshotReader(path, fileBytes)
  for await (const chunk of createReadStream(path, { highWaterMark: options.chunkBytes ?? CHUNK })) reader.push(chunk as Buffer)
  return reader.finish()
}

type State = 'header' | 'key' | 'before-array' | 'numbers' | 'skip' | 'strings' | 'end'

/** The state machine behind readHeapSnapshot: top-level keys, then each array by its kind. */
class SnapshotReader {
  private state: State = 'header'
  private headerText = ''
  private header: HeapSnapshotHeader | undefined
  private key = ''
  private inKey = false
  private skipDepth = 0
  // numbers
  private sink: ((value: number) => void) | undefined
  private current = 0
  private inNumber = false
  // strings
  private inString = false
  private escaped = false
  private parts: Buffer[] = []
  private stringIndex = 0
  private needed: Uint8Array | undefined
  private readonly strings: string[] = []
  // columns
  private nodes: NodeColumns | undefined
  private edges: EdgeColumns | undefined

  constructor(
    private readonly path: string,
    private readonly fileBytes: number,
  ) {}

  push(buf: Buffer): void {
    let i = 0
    const n = buf.length
    while (i < n) {
      switch (this.state) {
        case 'header':
          i = this.readHeader(buf)
          break
        case 'key':
          i = this.readKey(buf, i)
          break
        case 'before-array':
          for (; i < n && buf[i] !== OPEN; i++);
          if (i < n) {
            i++
            this.startArray()
          }
          break
        case 'numbers':
          i = this.readNumbers(buf, i)
          break
        case 'skip':
          i = this.skipArray(buf, i)
          break
        case 'strings':
          i = this.readStrings(buf, i)
          break
        case 'end':
          return
      }
    }
  }

  finish(): HeapSnapshot {
    if (this.state !== 'end' && this.state !== 'key') throw invalid(this.path, `the file ends inside "${this.key}"`)
    const header = this.header
    if (header === undefined || this.nodes === undefined || this.edges === undefined) {
      throw invalid(this.path, 'no nodes or edges array')
    }
    const nodes = this.nodes
    const edges = this.edges
    const nodeCount = nodes.id.length
    if (nodes.fieldsSeen % nodes.width !== 0) throw invalid(this.path, 'the nodes array does not divide into nodes')
    const edgeCount = edges.type.length
    if (edges.fieldsSeen % edges.width !== 0) throw invalid(this.path, 'the edges array does not divide into edges')
    const firstEdge = nodes.firstEdge.done()
    if (firstEdge[nodeCount] !== edgeCount) {
      throw invalid(this.path, `the nodes name ${firstEdge[nodeCount]} edges, the file holds ${edgeCount}`)
    }
    return {
      nodeCount,
      edgeCount,
      nodeType: nodes.type.done(),
      nodeName: nodes.name.done(),
      nodeId: nodes.id.done(),
      nodeSelfSize: nodes.selfSize.done(),
      firstEdge,
      edgeType: edges.type.done(),
      edgeName: edges.name.done(),
      edgeTo: edges.to.done(),
      strings: this.strings,
      nodeTypes: header.nodeTypes,
      edgeTypes: header.edgeTypes,
    }
  }

  private readHeader(buf: Buffer): number {
    this.headerText += buf.toString('latin1')
    const end = this.headerText.indexOf(HEADER_END)
    if (end === -1) {
      if (this.headerText.length > 1 << 20) throw invalid(this.path, 'no "nodes" array after the snapshot meta')
      return buf.length
    }
    this.header = parseHeader(this.headerText.slice(0, end), this.fileBytes, this.path)
    this.nodes = new NodeColumns(this.header, this.path)
    this.edges = new EdgeColumns(this.header, this.path)
    // "nodes" may have started in an earlier chunk: go on from its quote, whichever chunk
    // that was (latin1 gives the bytes back unchanged).
    const rest = Buffer.from(this.headerText.slice(end), 'latin1')
    this.headerText = ''
    this.state = 'key'
    this.push(rest)
    return buf.length
  }

  private readKey(buf: Buffer, start: number): number {
    let i = start
    const n = buf.length
    if (!this.inKey) {
      for (; i < n; i++) {
        const b = buf[i]
        if (b === QUOTE) break
        if (b === CLOSE_OBJECT) {
          this.state = 'end'
          return n
        }
      }
      if (i === n) return n
      this.inKey = true
      this.key = ''
      i++
    }
    const close = buf.indexOf(QUOTE, i)
    if (close === -1) {
      this.key += buf.toString('latin1', i, n)
      return n
    }
    this.key += buf.toString('latin1', i, close)
    this.inKey = false
    this.state = 'before-array'
    return close + 1
  }

  private startArray(): void {
    const nodes = this.nodes!
    const edges = this.edges!
    if (this.key === 'nodes') this.startNumbers((v) => nodes.push(v))
    else if (this.key === 'edges') this.startNumbers((v) => edges.push(v))
    else if (this.key === 'strings') {
      this.needed = neededStrings(nodes, edges)
      this.state = 'strings'
    } else {
      this.skipDepth = 1
      this.state = 'skip'
    }
  }

  private startNumbers(sink: (value: number) => void): void {
    this.sink = sink
    this.current = 0
    this.inNumber = false
    this.state = 'numbers'
  }

  private readNumbers(buf: Buffer, start: number): number {
    const sink = this.sink!
    let current = this.current
    let inNumber = this.inNumber
    const n = buf.length
    for (let i = start; i < n; i++) {
      const b = buf[i]!
      if (b >= ZERO && b <= NINE) {
        current = current * 10 + (b - ZERO)
        inNumber = true
      } else {
        if (inNumber) {
          sink(current)
          current = 0
          inNumber = false
        }
        if (b === CLOSE) {
          this.current = 0
          this.inNumber = false
          this.state = 'key'
          return i + 1
        }
      }
    }
    this.current = current
    this.inNumber = inNumber
    return n
  }

  private skipArray(buf: Buffer, start: number): number {
    const n = buf.length
    for (let i = start; i < n; i++) {
      const b = buf[i]
      if (b === OPEN) this.skipDepth++
      else if (b === CLOSE && --this.skipDepth === 0) {
        this.state = 'key'
        return i + 1
      }
    }
    return n
  }

  private readStrings(buf: Buffer, start: number): number {
    const n = buf.length
    let i = start
    while (i < n) {
      if (!this.inString) {
        const b = buf[i]
        i++
        if (b === QUOTE) {
          this.inString = true
          this.escaped = false
          this.parts = []
          i = this.readStringBody(buf, i)
        } else if (b === CLOSE) {
          this.state = 'key'
          return i
        }
      } else {
        i = this.readStringBody(buf, i)
      }
    }
    return n
  }

  /** Reads to the closing quote (or the chunk's end); returns where it stopped. */
  private readStringBody(buf: Buffer, start: number): number {
    const n = buf.length
    let escaped = this.escaped
    let i = start
    for (; i < n; i++) {
      if (escaped) escaped = false
      else {
        const b = buf[i]
        if (b === BACKSLASH) escaped = true
        else if (b === QUOTE) break
      }
    }
    const keep = this.needed === undefined || this.needed[this.stringIndex] === 1
    if (keep) this.parts.push(buf.subarray(start, i))
    if (i === n) {
      this.escaped = escaped
      return n
    }
    this.strings.push(keep ? unescapeJsonString(joinUtf8(this.parts)) : '')
    this.parts = []
    this.stringIndex++
    this.inString = false
    return i + 1
  }
}

function joinUtf8(parts: Buffer[]): string {
  if (parts.length === 1) return parts[0]!.toString('utf8')
  return Buffer.concat(parts).toString('utf8')
}

/** Node fields by name, from meta: the order is the file's to say, not ours. */
class NodeColumns {
  readonly width: number
  readonly type: Growable<Uint8Array>
  readonly name: Growable<Uint32Array>
  readonly id: Growable<Uint32Array>
  readonly selfSize: Growable<Float64Array>
  readonly firstEdge: Growable<Uint32Array>
  fieldsSeen = 0
  private readonly typeAt: number
  private readonly nameAt: number
  private readonly idAt: number
  private readonly sizeAt: number
  private readonly edgesAt: number
  private edgeTotal = 0
  /** 1 for the node types whose name is their content (strings, numbers) or code: never needed. */
  readonly skipNameTypes: Uint8Array

  constructor(header: HeapSnapshotHeader, path: string) {
    const fields = header.nodeFields
    this.skipNameTypes = typeMask(header.nodeTypes, ['string', 'concatenated string', 'sliced string', 'number', 'bigint', 'code'])
    this.width = fields.length
    this.typeAt = field(fields, 'type', path)
    this.nameAt = field(fields, 'name', path)
    this.idAt = field(fields, 'id', path)
    this.sizeAt = field(fields, 'self_size', path)
    this.edgesAt = field(fields, 'edge_count', path)
    const count = header.nodeCount
    this.type = new Growable(Uint8Array, count)
    this.name = new Growable(Uint32Array, count)
    this.id = new Growable(Uint32Array, count)
    this.selfSize = new Growable(Float64Array, count)
    this.firstEdge = new Growable(Uint32Array, count + 1)
    this.firstEdge.push(0)
  }

  push(value: number): void {
    const at = this.fieldsSeen++ % this.width
    if (at === this.typeAt) this.type.push(value)
    else if (at === this.nameAt) this.name.push(value)
    else if (at === this.idAt) this.id.push(value)
    else if (at === this.sizeAt) this.selfSize.push(value)
    else if (at === this.edgesAt) {
      this.edgeTotal += value
      this.firstEdge.push(this.edgeTotal)
    }
  }
}

/** Edge fields by name, from meta; `to_node` is stored as a node ordinal. */
class EdgeColumns {
  readonly width: number
  readonly type: Growable<Uint8Array>
  readonly name: Growable<Uint32Array>
  readonly to: Growable<Uint32Array>
  fieldsSeen = 0
  private readonly typeAt: number
  private readonly nameAt: number
  private readonly toAt: number
  private readonly nodeWidth: number
  /** 1 for the edge types whose name is an index, not a string. */
  readonly indexedTypes: Uint8Array

  constructor(header: HeapSnapshotHeader, path: string) {
    const fields = header.edgeFields
    this.indexedTypes = typeMask(header.edgeTypes, ['element', 'hidden'])
    this.width = fields.length
    this.typeAt = field(fields, 'type', path)
    this.nameAt = field(fields, 'name_or_index', path)
    this.toAt = field(fields, 'to_node', path)
    this.nodeWidth = header.nodeFields.length
    const count = header.edgeCount
    this.type = new Growable(Uint8Array, count)
    this.name = new Growable(Uint32Array, count)
    this.to = new Growable(Uint32Array, count)
  }

  push(value: number): void {
    const at = this.fieldsSeen++ % this.width
    if (at === this.typeAt) this.type.push(value)
    else if (at === this.nameAt) this.name.push(value)
    else if (at === this.toAt) this.to.push(value / this.nodeWidth)
  }
}

/**
 * Which strings to keep: the names of nodes other than strings and numbers (constructor,
 * function and system names) and the names of named edges. The contents of the heap's own
 * strings are most of the strings array and nothing here needs them.
 */
function neededStrings(nodes: NodeColumns, edges: EdgeColumns): Uint8Array {
  const types = nodes.type.done()
  const names = nodes.name.done()
  const edgeTypes = edges.type.done()
  const edgeNames = edges.name.done()
  let max = 0
  for (let i = 0; i < names.length; i++) if (names[i]! > max) max = names[i]!
  for (let e = 0; e < edgeNames.length; e++) if (edgeNames[e]! > max) max = edgeNames[e]!
  const needed = new Uint8Array(max + 1)
  const skipNode = nodes.skipNameTypes
  for (let i = 0; i < names.length; i++) if (skipNode[types[i]!] !== 1) needed[names[i]!] = 1
  const indexed = edges.indexedTypes
  for (let e = 0; e < edgeNames.length; e++) if (indexed[edgeTypes[e]!] !== 1) needed[edgeNames[e]!] = 1
  return needed
}

function typeMask(types: string[], names: string[]): Uint8Array {
  const mask = new Uint8Array(Math.max(256, types.length))
  for (const name of names) {
    const at = types.indexOf(name)
    if (at !== -1) mask[at] = 1
  }
  return mask
}

function field(fields: string[], name: string, path: string): number {
  const at = fields.indexOf(name)
  if (at === -1) throw invalid(path, `meta has no "${name}" field`)
  return at
}

function parseHeader(text: string, fileBytes: number, path: string): HeapSnapshotHeader {
  // The head is `{"snapshot":{…},` up to "nodes": close it and it is a small JSON document.
  const json = `${text.trimEnd().replace(/,$/, '')}}`
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (cause) {
    throw invalid(path, 'the snapshot meta is not JSON', cause)
  }
  const snapshot = (parsed as { snapshot?: { meta?: Record<string, unknown>; node_count?: number; edge_count?: number } })
    .snapshot
  const meta = snapshot?.meta
  const nodeFields = meta?.node_fields
  const edgeFields = meta?.edge_fields
  const nodeTypes = (meta?.node_types as unknown[] | undefined)?.[0]
  const edgeTypes = (meta?.edge_types as unknown[] | undefined)?.[0]
  if (!isStrings(nodeFields) || !isStrings(edgeFields) || !isStrings(nodeTypes) || !isStrings(edgeTypes)) {
    throw invalid(path, 'the snapshot meta lacks node or edge fields and types')
  }
  return {
    nodeFields,
    edgeFields,
    nodeTypes,
    edgeTypes,
    nodeCount: snapshot?.node_count ?? 0,
    edgeCount: snapshot?.edge_count ?? 0,
    fileBytes,
  }
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
}

function invalid(path: string, why: string, cause?: unknown): HeapSnapshotError {
  return new HeapSnapshotError('LEAKWATCH_HEAP_SNAPSHOT_INVALID', `${path} is not a heap snapshot we can read: ${why}`, {
    cause,
  })
}
