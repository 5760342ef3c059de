import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { findJemalloc, nativeGrowth, nativeProfileEnv } from '../src/native/index.js'

// A real child on jemalloc's profiler: it warms up, dumps a baseline, runs its cycles, dumps the
// end (jemallocDump of @leakwatch/native, from its build: the child is plain JavaScript), and
// nativeGrowth compares the two. Each leak has a clean twin that must report nothing.

const jemalloc = findJemalloc()
const nativeDist = fileURLToPath(new URL('../../native/dist/index.js', import.meta.url))
const nativePackage = fileURLToPath(new URL('../../native/package.json', import.meta.url))
const hasTool = (tool: string) => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const skipReason = !jemalloc
  ? 'jemalloc is not installed (apt-get install libjemalloc2)'
  : !existsSync(nativeDist) || !readFileSync(nativeDist, 'utf8').includes('jemallocDump')
    ? '@leakwatch/native is not built, or built before jemallocDump (pnpm --filter @leakwatch/native build)'
    : !hasTool('addr2line')
      ? 'binutils is not installed (addr2line, nm)'
      : undefined
if (skipReason && process.env.LEAKWATCH_REQUIRE_JEMALLOC === '1') throw new Error(`LEAKWATCH_REQUIRE_JEMALLOC=1, but ${skipReason}`)
const cReason = skipReason ?? (hasTool('cc') ? undefined : 'no C compiler (cc) to build the leaky library')
const openCVReason = skipReason ?? (probeOpenCV() ? undefined : 'the OpenCV binding of @leakwatch/native does not load')
/** The reason a block is skipped, in its title, so that the test report says it. */
const titled = (title: string, reason: string | undefined) => (reason ? `${title} (skipped: ${reason})` : title)

const dir = mkdtempSync(join(tmpdir(), 'leakwatch-native-growth-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `setup`, then `cycle` 5 times (warm-up), a baseline dump, `cycles` more, an end dump; returns the dumps. */
async function profiled(name: string, setup: string, cycle: string, cycles: number): Promise<{ baseline: string; end: string }> {
  const baseline = join(dir, `${name}.baseline.heap`)
  const end = join(dir, `${name}.end.heap`)
  const script = join(dir, `${name}.mjs`)
  writeFileSync(
    script,
    `import { createRequire } from 'node:module'
import { jemallocDump } from ${JSON.stringify(nativeDist)}
const require = createRequire(${JSON.stringify(nativePackage)})
${setup}
const cycle = async (i) => { ${cycle} }
for (let i = 0; i < 5; i++) await cycle(i)
globalThis.gc()
if (!jemallocDump(${JSON.stringify(baseline)})) throw new Error('no baseline dump')
for (let i = 0; i < ${cycles}; i++) await cycle(i)
globalThis.gc()
if (!jemallocDump(${JSON.stringify(end)})) throw new Error('no end dump')
`,
  )
  const env = { ...process.env, ...nativeProfileEnv(dir, jemalloc as string) }
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}: ${stderr}`))))
  })
  return { baseline, end }
}

// A C library as a thin native binding would be: decode_message copies each message into a
// scratch buffer from scratch_for; the leaky twin never frees it.
const LEAKY_C = `#include <stdlib.h>
#include <string.h>

char *scratch_for(size_t len) {
  char *p = malloc(len); /* line 5: the allocation the finding must name */
  memset(p, 1, len);
  return p;
}

int decode_message(size_t len, int leak) {
  char *p = scratch_for(len);
  int ok = p[len - 1];
  if (!leak) free(p);
  return ok;
}
`
const MESSAGE = 32 * 1024

describe.skipIf(cReason !== undefined)(titled('nativeGrowth() of a C library through koffi', cReason), () => {
  const library = join(dir, 'libdecoder.so')
  const source = join(dir, 'decoder.c')

  async function run(leak: boolean, cycles: number) {
    if (!existsSync(library)) {
      writeFileSync(source, LEAKY_C)
      // -O0 keeps scratch_for a frame of its own; -g gives addr2line its file and line
      execFileSync('cc', ['-shared', '-fPIC', '-O0', '-g', '-o', library, source])
    }
    const setup = `const koffi = require('koffi')
const decode = koffi.load(${JSON.stringify(library)}).func('int decode_message(size_t len, int leak)')`
    const { baseline, end } = await profiled(leak ? 'c-leaky' : 'c-clean', setup, `decode(${MESSAGE}, ${leak ? 1 : 0})`, cycles)
    return nativeGrowth(baseline, end, cycles)
  }

  it('names scratch_for in libdecoder.so, its file and line, at about the bytes leaked', async () => {
    const cycles = 300
    const [top] = await run(true, cycles)
    expect(top).toMatchObject({ kind: 'native', what: 'scratch_for', module: 'libdecoder.so' })
    expect(top?.site).toMatchObject({ file: expect.stringMatching(/decoder\.c$/), line: 5, function: 'scratch_for' })
    expect(top?.stack?.[1]?.function).toBe('decode_message')
    // 300 × 32 KiB = 9.4 MiB; sampled at 128 KiB, ~66 samples: within ±40 % is over 3 standard deviations
    expect(top?.bytes).toBeGreaterThan(0.6 * cycles * MESSAGE)
    expect(top?.bytes).toBeLessThan(1.4 * cycles * MESSAGE)
    expect(top?.bytesPerCycle).toBeCloseTo((top?.bytes ?? 0) / cycles, 0)
    // koffi.node is stripped: the addon is named without a function
    expect(top?.summary).toMatch(/^\+\d+\.\d MiB native in scratch_for \(libdecoder\.so\) via koffi\.node, \d+ KiB per cycle$/)
  })

  it('reports nothing for the clean twin, which frees each buffer', async () => {
    expect(await run(false, 300)).toEqual([])
  })
})

describe.skipIf(openCVReason !== undefined)(titled('nativeGrowth() of OpenCV video writers', openCVReason), () => {
  async function run(release: boolean, cycles: number) {
    const setup = `const { isAvailable, createFrame, VideoWriter } = await import(${JSON.stringify(nativeDist)})
if (!isAvailable().ok) process.exit(3)
const frame = createFrame(320, 240, 3, 90)
const kept = []`
    const cycle = `const writer = new VideoWriter(${JSON.stringify(dir)} + '/clip-' + i + '.avi', { codec: 'MJPG', width: 320, height: 240 })
for (let f = 0; f < 5; f++) writer.write(frame)
${release ? 'writer.release()' : 'kept.push(writer)'}`
    const { baseline, end } = await profiled(release ? 'cv-clean' : 'cv-leaky', setup, cycle, cycles)
    return nativeGrowth(baseline, end, cycles)
  }

  it('names FFmpeg and OpenCV functions called from opencv4nodejs.node when writers are not released', async () => {
    const findings = await run(false, 30)
    expect(findings.length).toBeGreaterThan(0)
    // every finding is on the path from the binding into OpenCV's FFmpeg writer
    for (const f of findings) expect(f.summary).toMatch(/via \S+ \(opencv4nodejs\.node\)/)
    expect(findings.slice(0, 3).map((f) => f.module).join(' ')).toMatch(/libopencv_videoio|libav/)
    expect(findings.some((f) => f.what === 'cv::VideoWriter::open' && f.module?.startsWith('libopencv_videoio'))).toBe(true)
  })

  it('reports nothing when every writer is released', async () => {
    expect(await run(true, 30)).toEqual([])
  })
})

/** Whether the OpenCV binding loads here (a child, so a broken binding cannot crash the tests). */
function probeOpenCV(): boolean {
  if (skipReason) return false
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(nativeDist)}); process.stdout.write(String(m.isAvailable().ok))`], { encoding: 'utf8' })
    return out === 'true'
  } catch {
    return false
  }
}
