import { unescapeJsonString } from './_json-string.js'
import type { EdgeArrays, NodeArrays } from './_wasm-columns.js'
import type { HeapSnapshotHeader } from './snapshot.js'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const CLOSE = 0x5d

/**
 * Reads the `strings` array literal by literal (JSON escapes, UTF-8, literals cut by chunk
 * ends), keeping only the strings `needed` marks and leaving '' for the others.
 */
export class StringsReader {
  readonly strings: string[] = []
  private inString = false
  private escaped = false
  private parts: Buffer[] = []
  private stringIndex = 0

  /** `needed[i] === 1` keeps string i; without it, every string is kept. */
  constructor(private readonly needed: Uint8Array | undefined) {}

  /** Reads from `start`: the index after the array's `]`, or -1 when the chunk ends first. */
  read(buf: Buffer, start: number): number {
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
        } else if (b === CLOSE) return i
      } else {
        i = this.readStringBody(buf, i)
      }
    }
    return -1
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
export function neededStrings(header: HeapSnapshotHeader, nodes: NodeArrays, edges: EdgeArrays): Uint8Array {
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

