import { open } from 'node:fs/promises'
import { neededStrings, StringsReader } from './_strings.js'
import { createColumns, type SnapshotColumns } from './_wasm-columns.js'
import { HEADER_END, invalidSnapshot as invalid, parseHeader } from './header.js'
import type { HeapSnapshot, HeapSnapshotHeader } from './snapshot.js'

const QUOTE = 0x22
const OPEN = 0x5b
const CLOSE = 0x5d
const CLOSE_OBJECT = 0x7d
const CHUNK = 4 << 20

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
  private strings: StringsReader | undefined
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
        case 'strings': {
          const end = this.strings!.read(buf, i)
          if (end === -1) return
          this.state = 'key'
          i = end
          break
        }
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
      strings: this.strings?.strings ?? [],
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
      const needed = this.seen.nodes && this.seen.edges ? neededStrings(this.header!, this.columns!.nodes(), this.columns!.edges()) : undefined
      this.strings = new StringsReader(needed)
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

}
