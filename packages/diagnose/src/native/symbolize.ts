import { open } from 'node:fs/promises'
import { type Addr2line, type ExportedSymbols, exportedSymbols, runAddr2line } from './binutils.js'
import type { MappedRegion } from './heap-profile.js'

/** A return address resolved to its shared object and, where the object says, its function. */
export interface NativeFrame {
  address: number
  /** The shared object or executable (a path), or `''` for anonymous memory (V8's JIT code). */
  library: string
  /** The address as the object's own tools see it (`addr2line -e library <pc>`). */
  pc: number
  /** The demangled function, when the object has a symbol for it. */
  function?: string
  /** The source file and line, when the object carries debug info for them. */
  file?: string
  line?: number
}

export interface SymbolizeTools {
  addr2line?: Addr2line
  exported?: ExportedSymbols
}

/**
 * Resolves addresses through the process's maps to (library, pc) and symbolises them with one
 * `addr2line` (and one `nm -D`) per library. In a stripped library (Debian's are) addr2line
 * falls back to the exported symbols and names a static function after the nearest exported one
 * before it (`std::vector<int>::reserve` for OpenCV's FFmpeg writer): a name is kept only when
 * it is not exported or its exported range holds the pc, so such frames stay unnamed rather
 * than wrongly named. Line numbers come only with debug info.
 */
export async function symbolize(addresses: readonly number[], maps: readonly MappedRegion[], tools: SymbolizeTools = {}): Promise<Map<number, NativeFrame>> {
  const { addr2line = runAddr2line, exported = exportedSymbols } = tools
  const bias = await loadBiases(maps)
  const frames = new Map<number, NativeFrame>()
  const byLibrary = new Map<string, NativeFrame[]>()
  for (const address of new Set(addresses)) {
    const region = regionOf(maps, address)
    const library = region && region.path.startsWith('/') ? region.path : ''
    // a return address points after the call: one byte back lands inside the calling instruction
    const frame: NativeFrame = { address, library, pc: address - 1 - (bias.get(library) ?? 0) }
    frames.set(address, frame)
    if (library) byLibrary.set(library, [...(byLibrary.get(library) ?? []), frame])
  }
  await Promise.all(
    [...byLibrary].map(async ([library, list]) => {
      const [resolved, ranges] = await Promise.all([
        addr2line(library, list.map((f) => f.pc)).catch(() => []),
        exported(library).catch(() => new Map<string, [number, number][]>()),
      ])
      list.forEach((frame, k) => {
        const r = resolved[k]
        if (!r) return
        const known = ranges.get(r.function)
        const inside = !known || known.some(([start, end]) => frame.pc >= start && frame.pc < end)
        if (r.function && r.function !== '??' && inside) frame.function = r.function
        const at = /^(.*):(\d+)(?: \(discriminator \d+\))?$/.exec(r.location)
        if (at && at[1] !== '??' && Number(at[2]) > 0) {
          frame.file = at[1]
          frame.line = Number(at[2])
        }
      })
    }),
  )
  return frames
}

/** The region holding an address (maps sorted by start, as /proc gives them). */
export function regionOf(maps: readonly MappedRegion[], address: number): MappedRegion | undefined {
  let lo = 0
  let hi = maps.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const r = maps[mid] as MappedRegion
    if (address < r.start) hi = mid - 1
    else if (address >= r.end) lo = mid + 1
    else return r
  }
  return undefined
}

/**
 * What to subtract from an address to get the pc addr2line expects, per mapped file. A shared
 * object (ELF type DYN, PIE executables too) is loaded at a bias: the start of its mapping at
 * file offset 0, its first segment being at address 0 of its own layout (as GNU ld and lld lay
 * them out). A non-PIE executable (type EXEC, e.g. Debian's /usr/bin/node) runs at its link
 * addresses: bias 0.
 */
async function loadBiases(maps: readonly MappedRegion[]): Promise<Map<string, number>> {
  const biases = new Map<string, number>()
  for (const r of maps) {
    if (!r.path.startsWith('/') || biases.has(r.path)) continue
    biases.set(r.path, r.start - r.offset)
  }
  await Promise.all(
    [...biases.keys()].map(async (path) => {
      if ((await elfType(path)) === ELF_EXEC) biases.set(path, 0)
    }),
  )
  return biases
}

const ELF_EXEC = 2

/** e_type of an ELF file (2 EXEC, 3 DYN), or undefined when it cannot be read. */
async function elfType(path: string): Promise<number | undefined> {
  const file = await open(path, 'r').catch(() => undefined)
  if (!file) return undefined
  try {
    const header = Buffer.alloc(18)
    const { bytesRead } = await file.read(header, 0, 18, 0)
    if (bytesRead < 18 || header.toString('latin1', 1, 4) !== 'ELF') return undefined
    return header[5] === 2 ? header.readUInt16BE(16) : header.readUInt16LE(16)
  } finally {
    await file.close()
  }
}
