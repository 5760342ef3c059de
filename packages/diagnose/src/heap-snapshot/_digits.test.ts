import { describe, expect, it } from 'vitest'
import { JsDigitReader, WasmDigitReader, type DigitReader } from './_digits.js'

/** All numbers a reader gives for `text` fed in chunks of `size`, and where `]` was found. */
function readAll(reader: DigitReader, text: string, size: number): { numbers: number[]; end: number } {
  const bytes = Buffer.from(text, 'latin1')
  const numbers: number[] = []
  for (let at = 0; at < bytes.length; at += size) {
    const { values, count, end } = reader.read(bytes.subarray(at, at + size))
    numbers.push(...values.subarray(0, count))
    if (end !== -1) return { numbers, end: at + end }
  }
  return { numbers, end: -1 }
}

// V8 writes one node or edge a line: `9,1,1,0,7,0,0\n,9,2,3,…`; numbers past 2^32 occur in self sizes.
const ARRAY = '9,1,1,0,7,0,0\n,3,25,5000000000,4294967296,0,1,0\n,7,0,12345678,9\n]\n,"edges":[1,2,3]'

describe('digit readers', () => {
  it.each([1, 2, 3, 7, 64, 4096])('read the same numbers in chunks of %i bytes (WebAssembly as JavaScript)', (size) => {
    const wasm = readAll(new WasmDigitReader(4096), ARRAY, size)
    const js = readAll(new JsDigitReader(4096), ARRAY, size)
    expect(js.numbers).toEqual([9, 1, 1, 0, 7, 0, 0, 3, 25, 5_000_000_000, 4_294_967_296, 0, 1, 0, 7, 0, 12_345_678, 9])
    expect(js.end).toBe(ARRAY.indexOf(']'))
    expect(wasm).toEqual(js)
  })

  it('agree on a megabyte of random numbers', () => {
    let text = ''
    for (let i = 0; text.length < 1 << 20; i++) text += `${Math.floor(Math.random() ** 3 * 2 ** 40)}${i % 7 === 6 ? '\n,' : ','}`
    text += ']'
    const wasm = readAll(new WasmDigitReader(65536), text, 65536)
    const js = readAll(new JsDigitReader(65536), text, 65536)
    expect(wasm.numbers.length).toBeGreaterThan(50_000)
    expect(wasm).toEqual(js)
  })
})
