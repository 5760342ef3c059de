import { spawn } from 'node:child_process'

// binutils does the symbolising: it reads every ELF and DWARF variant there is, and is on
// every Linux machine that builds native addons.

/**
 * Runs `addr2line -f -C -e <library>` on many pcs of one object; returns, in order, the
 * function (or `??`) and `file:line` (or `??:0`) of each. Injectable for tests.
 */
export type Addr2line = (library: string, pcs: readonly number[]) => Promise<{ function: string; location: string }[]>

/**
 * The exported functions of an object and where each lies: name → [start, end) pcs (`nm -D -S`).
 * Injectable for tests.
 */
export type ExportedSymbols = (library: string) => Promise<Map<string, [number, number][]>>

/** binutils' addr2line, the pcs on stdin (a command line could not hold thousands). */
export const runAddr2line: Addr2line = (library, pcs) =>
  new Promise((resolve, reject) => {
    const child = spawn('addr2line', ['-f', '-C', '-e', library], { stdio: ['pipe', 'pipe', 'ignore'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.on('error', reject)
    child.on('close', () => {
      const lines = out.split('\n')
      resolve(pcs.map((_, k) => ({ function: lines[2 * k] ?? '??', location: lines[2 * k + 1] ?? '??:0' })))
    })
    child.stdin.on('error', () => {}) // addr2line exits early on a file it cannot read
    child.stdin.end(pcs.map((pc) => `0x${pc.toString(16)}`).join('\n') + '\n')
  })

/** binutils' nm over the dynamic symbol table: the exported functions, demangled, with sizes. */
export const exportedSymbols: ExportedSymbols = (library) =>
  new Promise((resolve, reject) => {
    const child = spawn('nm', ['-D', '-C', '-S', '--defined-only', library], { stdio: ['ignore', 'pipe', 'ignore'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.on('error', reject)
    child.on('close', () => {
      const ranges = new Map<string, [number, number][]>()
      for (const line of out.split('\n')) {
        const m = /^([0-9a-f]+) ([0-9a-f]+) [TtWwi] (.+)$/.exec(line)
        if (!m) continue
        // nm shows symbol versions (`av_malloc@@LIBAVUTIL_57`); addr2line does not
        const name = (m[3] as string).replace(/@{1,2}[\w.]+$/, '')
        const start = Number.parseInt(m[1] as string, 16)
        ranges.set(name, [...(ranges.get(name) ?? []), [start, start + Number.parseInt(m[2] as string, 16)]])
      }
      resolve(ranges)
    })
  })
