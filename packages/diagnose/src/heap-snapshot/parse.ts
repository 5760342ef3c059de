import { open } from 'node:fs/promises'
import { createColumns, type EdgeArrays, type NodeArrays, type SnapshotColumns } from './_wasm-columns.js'
import { unescapeJsonString } from './_json-string.js'
import { HeapSnapshotError } from './errors.js'
import type { HeapSnapshot, HeapSnapshotHeader } from './snapshot.js'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN = 0x5b
const CLOSE = 0x5d
const CLOSE_OBJECT = 0x7d
const HEADER_END = '"nodes"'
const CHUNK = 4 << 20

/**
 * Reads only the head of a snapshot (meta, node and edge counts): a few kilobytes, so the
 * cost of a full parse can be judged before paying it.
 */
export async function readHeapSnapshotHeader(path: string): Promise<HeapSnapshotHeader> {
  const file = await open(path)
  try {
    const fileBytes = (await file.stat()).size
    const buf = Buffer.alloc(64 * 1024)
    let text = ''
    for (let at = 0; at < 1 << 20; ) {
      const { bytesRead } = await file.read(buf, 0, buf.length, at)
      if (bytesRead === 0) break
      at += bytesRead
      text += buf.toString('latin1', 0, bytesRead)
      const end = text.indexOf(HEADER_END)
      if (end !== -1) return parseHeader(text.slice(0, end), fileBytes, path)
    }
  } finally {
    await file.close()
  }
  throw invalid(path, 'no "nodes" array after the snapshot meta')
}

/**
 * Parses a `.heapsnapshot` file chunk by chunk into typed arrays, never holding the file's
 * text: numbers go straight into their field's array, and of the strings only those that
 * name nodes or edges are kept (string contents, often most of them, are skipped). One
 * buffer is read into again and again: a stream's fresh buffer per chunk costs more in
 * garbage collection than the parse.
 */
export async function readHeapSnapshot(
  path: string,
  options: { chunkBytes?: number; /** 'js' skips WebAssembly (tests compare the two). */ engine?: 'wasm' | 'js' } = {},
): Promise<HeapSnapshot> {
  const file = await open(path)
  const size = options.chunkBytes ?? CHUNK
  // Two buffers: the next chunk is read while this one is parsed.
  const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)] as const
  let next: Promise<{ bytesRead: number }> | undefined
  try {
    const reader = new SnapshotReader(path, (await file.stat()).size, size, options.engine ?? 'wasm')
    let position = 0
    let which = 0
    next = file.read(buffers[0], 0, size, position)
    for (;;) {
      const { bytesRead } = await next
      next = undefined
      if (bytesRead === 0) break
      position += bytesRead
      const buf = buffers[which]!
      which ^= 1
      next = file.read(buffers[which]!, 0, size, position)
      reader.push(bytesRead === size ? buf : buf.subarray(0, bytesRead))
    }
    return reader.finish()
  } finally {
    await next?.catch(() => undefined)
    await file.close()
  }
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
  // strings
  private inString = false
  private escaped = false
  private parts: Buffer[] = []
  private stringIndex = 0
  private needed: Uint8Array | undefined
  private readonly strings: string[] = []
  private columns: SnapshotColumns | undefined
  private seen = { nodes: false, edges: false }

  constructor(
    private readonly path: string,
    private readonly fileBytes: number,
    private readonly chunkBytes: number,
    private readonly engine: 'wasm' | 'js',
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
    if (header === undefined || this.columns === undefined || !this.seen.nodes || !this.seen.edges) {
      throw invalid(this.path, 'no nodes or edges array')
    }
    const nodes = this.columns.nodes()
    const edges = this.columns.edges()
    const nodeCount = nodes.count
    const edgeCount = edges.count
    const firstEdge = nodes.firstEdge
    if (firstEdge[nodeCount] !== edgeCount) {
      throw invalid(this.path, `the nodes name ${firstEdge[nodeCount]} edges, the file holds ${edgeCount}`)
    }
    return {
      nodeCount,
      edgeCount,
      nodeType: nodes.type,
      nodeName: nodes.name,
      nodeId: nodes.id,
      nodeSelfSize: nodes.selfSize,
      firstEdge,
      edgeType: edges.type,
      edgeName: edges.name,
      edgeTo: edges.to,
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
    const field = (fields: string[], name: string): number => {
      const at = fields.indexOf(name)
      if (at === -1) throw invalid(this.path, `meta has no "${name}" field`)
      return at
    }
    this.columns = createColumns(this.header, this.chunkBytes, field, this.engine)
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
    if (this.key === 'nodes' || this.key === 'edges') {
      this.columns!.begin(this.key)
      this.seen[this.key] = true
      this.state = 'numbers'
    } else if (this.key === 'strings') {
      this.needed = this.seen.nodes && this.seen.edges ? neededStrings(this.header!, this.columns!.nodes(), this.columns!.edges()) : undefined
      this.state = 'strings'
    } else {
      this.skipDepth = 1
      this.state = 'skip'
    }
  }

  private readNumbers(buf: Buffer, start: number): number {
    // In pieces of at most a chunk: the rest after the header can be longer than one.
    const piece = Math.min(buf.length, start + this.chunkBytes)
    let end: number
    try {
      end = this.columns!.read(start === 0 && piece === buf.length ? buf : buf.subarray(start, piece))
    } catch (err) {
      throw invalid(this.path, (err as Error).message, err)
    }
    if (end === -1) return piece
    if (!this.columns!.whole()) throw invalid(this.path, `the ${this.key} array does not divide into records`)
    this.state = 'key'
    return start + end + 1
  }

  /** Skips an array we do not read (trace_tree nests arrays; locations can be tens of MiB). */
  private skipArray(buf: Buffer, start: number): number {
    let i = start
    while (i < buf.length) {
      const close = buf.indexOf(CLOSE, i)
      const open = buf.indexOf(OPEN, i)
      if (open !== -1 && (close === -1 || open < close)) {
        this.skipDepth++
        i = open + 1
      } else if (close !== -1) {
        i = close + 1
        if (--this.skipDepth === 0) {
          this.state = 'key'
          return i
        }
      } else return buf.length
    }
    return buf.length
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

  /**
   * Reads to the closing quote (or the chunk's end); returns where it stopped. Quotes are
   * found with indexOf (memchr); one is the end unless an odd run of backslashes precedes it.
   */
  private readStringBody(buf: Buffer, start: number): number {
    const n = buf.length
    // A backslash that ended the last chunk escapes this chunk's first byte.
    const from = this.escaped ? start + 1 : start
    this.escaped = false
    let quote = -1
    // Most strings are short: a few bytes of JavaScript beat a call into indexOf. Half the
    // kept names are slot numbers ("1207", internal edges of hash tables and backing stores):
    // made from their value, they skip the decoder.
    const near = Math.min(n, from + 48)
    let i = from
    let value = 0
    let digitsOnly = this.parts.length === 0 && from === start
    for (; i < near; i++) {
      const b = buf[i]!
      if (b === BACKSLASH) break
      if (b === QUOTE) {
        quote = i
        break
      }
      if (digitsOnly) {
        const digit = b - 0x30
        if (digit >= 0 && digit <= 9 && !(digit === 0 && i === start && buf[i + 1] !== QUOTE)) value = value * 10 + digit
        else digitsOnly = false
      }
    }
    if (quote !== -1 && digitsOnly && quote > start && quote - start <= 15) {
      this.strings.push(this.needed === undefined || this.needed[this.stringIndex] === 1 ? String(value) : '')
      this.stringIndex++
      this.inString = false
      return quote + 1
    }
    for (; quote === -1 && i < n; ) {
      const q = buf.indexOf(QUOTE, i)
      if (q === -1) break
      if (backslashesBefore(buf, q, from) % 2 === 0) {
        quote = q
        break
      }
      i = q + 1
    }
    const keep = this.needed === undefined || this.needed[this.stringIndex] === 1
    const end = quote === -1 ? n : quote
    if (quote === -1) {
      // A string cut by the chunk's end is copied: the buffer is about to be read into again.
      if (keep && end > start) this.parts.push(Buffer.from(buf.subarray(start, end)))
      this.escaped = n > from && backslashesBefore(buf, n, from) % 2 === 1
      return n
    }
    let text = ''
    if (keep) {
      if (this.parts.length === 0) text = buf.toString('utf8', start, end)
      else {
        this.parts.push(buf.subarray(start, end))
        text = Buffer.concat(this.parts).toString('utf8')
        this.parts = []
      }
      text = unescapeJsonString(text)
    }
    this.strings.push(text)
    this.stringIndex++
    this.inString = false
    return quote + 1
  }
}

/** How many backslashes stand right before `at`, not looking before `from`. */
function backslashesBefore(buf: Buffer, at: number, from: number): number {
  let k = at - 1
  while (k >= from && buf[k] === BACKSLASH) k--
  return at - 1 - k
}

/**
 * Which strings to keep: the names of nodes other than strings and numbers (constructor,
 * function and system names) and the names of named edges. The contents of the heap's own
 * strings are most of the strings array and nothing here needs them.
 */
function neededStrings(header: HeapSnapshotHeader, nodes: NodeArrays, edges: EdgeArrays): Uint8Array {
  const skipNode = typeMask(header.nodeTypes, ['string', 'concatenated string', 'sliced string', 'number', 'bigint', 'code'])
  const indexed = typeMask(header.edgeTypes, ['element', 'hidden'])
  // Sized to the nodes, grown when an index is beyond: strings are fewer than nodes in practice.
  let needed: Uint8Array = new Uint8Array(nodes.count + 1)
  const { type, name } = nodes
  for (let i = 0; i < nodes.count; i++) {
    if (skipNode[type[i]!] === 1) continue
    const at = name[i]!
    if (at >= needed.length) needed = grown(needed, at)
    needed[at] = 1
  }
  const edgeTypes = edges.type
  const edgeNames = edges.name
  for (let e = 0; e < edges.count; e++) {
    if (indexed[edgeTypes[e]!] === 1) continue
    const at = edgeNames[e]!
    if (at >= needed.length) needed = grown(needed, at)
    needed[at] = 1
  }
  return needed
}

function grown(array: Uint8Array, index: number): Uint8Array {
  const more = new Uint8Array(Math.max(index + 1, array.length * 2))
  more.set(array)
  return more
}

function typeMask(types: string[], names: string[]): Uint8Array {
  const mask = new Uint8Array(Math.max(256, types.length))
  for (const name of names) {
    const at = types.indexOf(name)
    if (at !== -1) mask[at] = 1
  }
  return mask
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
