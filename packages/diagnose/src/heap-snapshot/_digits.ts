// Reads the digits of a snapshot's `nodes` and `edges` arrays: nine bytes in ten of a
// snapshot. A loop in WebAssembly (_digits.wat, 265 bytes) does it four to five times
// faster than the same loop in JavaScript, which stays as the fallback (--jitless) and as
// the reference the tests hold the WebAssembly to.
// Rebuild after editing _digits.wat:
//   npx -y -p wabt@1.0.39 wat2wasm src/heap-snapshot/_digits.wat -o /tmp/digits.wasm && base64 -w0 /tmp/digits.wasm
const DIGITS_WASM = 'AGFzbQEAAAABBwFgAn9/AX8DAgEABQMBAAEGFwN8AUQAAAAAAAAAAAt/AUEAC38BQX8LByoFBm1lbW9yeQIAA2N1cgMACGluTnVtYmVyAwEDZW5kAwIGZGlnaXRzAAAKpwEBpAEDA38BfAJ/IwAhBSMBIQYgASEHQX8kAgJAA0AgAiAATw0BIAItAAAhAyADQTBrIQQgBEEKSQRAIAVEAAAAAAAAJECiIAS4oCEFQQEhBiACQQFqIQIMAQsgBgRAIAcgBTkDACAHQQhqIQdEAAAAAAAAAAAhBUEAIQYLIANB3QBGBEAgAiQCDAILIAJBAWohAgwACwsgBSQAIAYkASAHIAFrQQN2Cw=='

const ZERO = 0x30
const CLOSE = 0x5d
const PAGE = 65536

/** The numbers of one chunk, and where the array closed in it (-1: it goes on). */
export interface Digits {
  /** Valid until the next read. */
  values: Float64Array
  count: number
  /** The index of `]` in the chunk, or -1. */
  end: number
}

/** A reader of one array's numbers across chunks: a number cut by a chunk's end is carried over. */
export interface DigitReader {
  read(chunk: Uint8Array): Digits
}

/** The WebAssembly reader where WebAssembly runs, else the JavaScript one. */
export function createDigitReader(chunkBytes: number): DigitReader {
  try {
    return new WasmDigitReader(chunkBytes)
  } catch {
    return new JsDigitReader(chunkBytes)
  }
}

// The few WebAssembly names used here (the repo's lib settings declare no WebAssembly API).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: unknown }
}
interface DigitsExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number }
  digits: (length: number, out: number) => number
  end: { value: number }
}

/** Input at 0, numbers (at most one per two bytes) after it; one instance per parse. */
export class WasmDigitReader implements DigitReader {
  private readonly exports: DigitsExports
  private readonly input: Uint8Array
  private readonly values: Float64Array
  private readonly out: number

  constructor(private readonly chunkBytes: number) {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    if (wasm === undefined) throw new Error('no WebAssembly here')
    this.exports = new wasm.Instance(new wasm.Module(Buffer.from(DIGITS_WASM, 'base64'))).exports as DigitsExports
    this.out = Math.ceil(chunkBytes / 8) * 8
    const bytes = this.out + Math.ceil(chunkBytes / 2) * 8
    const memory = this.exports.memory
    memory.grow(Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE + 1)
    this.input = new Uint8Array(memory.buffer, 0, chunkBytes)
    this.values = new Float64Array(memory.buffer, this.out, Math.ceil(chunkBytes / 2))
  }

  /** `chunk` may be as long as the reader's chunkBytes. */
  read(chunk: Uint8Array): Digits {
    if (chunk.length > this.chunkBytes) throw new RangeError(`a chunk of ${chunk.length} bytes, over ${this.chunkBytes}`)
    this.input.set(chunk)
    const count = this.exports.digits(chunk.length, this.out)
    return { values: this.values, count, end: this.exports.end.value }
  }
}

/** The same loop as _digits.wat, in JavaScript. */
export class JsDigitReader implements DigitReader {
  private readonly values: Float64Array
  private current = 0
  private inNumber = false

  constructor(chunkBytes: number) {
    this.values = new Float64Array(Math.ceil(chunkBytes / 2))
  }

  read(chunk: Uint8Array): Digits {
    const values = this.values
    let current = this.current
    let inNumber = this.inNumber
    let count = 0
    let end = -1
    for (let i = 0; i < chunk.length; i++) {
      const digit = chunk[i]! - ZERO
      if (digit >= 0 && digit <= 9) {
        current = current * 10 + digit
        inNumber = true
        continue
      }
      if (inNumber) {
        values[count++] = current
        current = 0
        inNumber = false
      }
      if (digit === CLOSE - ZERO) {
        end = i
        break
      }
    }
    this.current = current
    this.inNumber = inNumber
    return { values, count, end }
  }
}
