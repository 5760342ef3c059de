import { describe, expect, it } from 'vitest'
import { isAllocatorFrame } from '../src/native/allocator-frames.js'
import { shortFunctionName } from '../src/native/frame-names.js'
import { estimatedBytes, findJemalloc, growthBetween, nativeProfileEnv, parseHeapProfile, symbolize } from '../src/native/index.js'
import type { Addr2line, ExportedSymbols, NativeFrame } from '../src/native/index.js'

// Shaped like a real `prof.dump` of Node on Debian's jemalloc 5.3 (shortened): totals, then
// stacks with their all-threads line and one line per thread, then the copied /proc maps.
const LIB = '/opt/addon/build/Release/decoder.node'
const NODE = '/usr/bin/node'
const JE = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'
const MAPS = `MAPPED_LIBRARIES:
00400000-00b6f000 r--p 00000000 fe:00 260689                             ${NODE}
00b72000-025fe000 r-xp 00772000 fe:00 260689                             ${NODE}
7f0000000000-7f0000010000 r--p 00000000 fe:00 11                         ${LIB}
7f0000010000-7f0000020000 r-xp 00010000 fe:00 11                         ${LIB}
7f1000000000-7f1000009000 r--p 00000000 fe:00 12                         ${JE}
7f1000009000-7f10000af000 r-xp 00009000 fe:00 12                         ${JE}
7f2000000000-7f2000100000 rw-p 00000000 00:00 0
`
const profile = (stacks: string) => `heap_v2/131072\n  t*: 9: 9000 [0: 0]\n  t0: 9: 9000 [0: 0]\n${stacks}\n${MAPS}`
// jemalloc's frame, then decoder.node's scratch_for (pc 0x11000) and decode (pc 0x12000)
const ADDON = '@ 0x7f1000009100 0x7f0000011001 0x7f0000012001 0x1000001'
// jemalloc's frame, then a node function (pc 0x1000000)
const IN_NODE = '@ 0x7f1000009100 0x1000001'

describe('parseHeapProfile()', () => {
  it('reads the sample period, each stack with its all-threads counts, and the maps', () => {
    const p = parseHeapProfile(profile(`${ADDON}\n  t*: 2: 4096 [0: 0]\n  t0: 1: 2048 [0: 0]\n  t3: 1: 2048 [0: 0]\n${IN_NODE}\n  t*: 1: 64 [0: 0]\n  t0: 1: 64 [0: 0]`))
    expect(p.samplePeriod).toBe(131072)
    expect(p.stacks).toEqual([
      { addresses: [0x7f1000009100, 0x7f0000011001, 0x7f0000012001, 0x1000001], objects: 2, bytes: 4096 },
      { addresses: [0x7f1000009100, 0x1000001], objects: 1, bytes: 64 },
    ])
    expect(p.maps).toHaveLength(7)
    expect(p.maps[3]).toEqual({ start: 0x7f0000010000, end: 0x7f0000020000, perms: 'r-xp', offset: 0x10000, path: LIB })
    expect(p.maps[6]?.path).toBe('')
  })

  it('refuses what is not a heap_v2 profile, with a code', () => {
    expect(() => parseHeapProfile('--- heapz 1 ---\n')).toThrow(expect.objectContaining({ code: 'LEAKWATCH_NATIVE_PROFILE' }))
  })
})

describe('estimatedBytes()', () => {
  // bytes / (1 − exp(−mean size / period)): jeprof's correction of heap_v2 samples
  it.each([
    { objects: 1, bytes: 2 ** 20, period: 2 ** 17, expected: 2 ** 20 / (1 - Math.exp(-8)) }, // big: counted about once
    { objects: 1, bytes: 100, period: 2 ** 17, expected: 131122 }, // small: stands for ~period + size/2
    { objects: 4, bytes: 2 ** 17 * 4, period: 2 ** 17, expected: 2 ** 19 / (1 - Math.exp(-1)) },
    { objects: 0, bytes: 0, period: 2 ** 17, expected: 0 },
    { objects: 3, bytes: 300, period: 1, expected: 300 }, // lg_prof_sample:0 records everything
  ])('$objects objects of $bytes bytes at period $period → $expected', ({ objects, bytes, period, expected }) => {
    expect(estimatedBytes({ objects, bytes }, period)).toBeCloseTo(expected, 0)
  })
})

describe('nativeProfileEnv()', () => {
  it('preloads jemalloc with its profiler on, sampling every 128 KiB, dumps named in the folder', () => {
    expect(nativeProfileEnv('/tmp/lw-1', JE)).toEqual({
      LD_PRELOAD: JE,
      MALLOC_CONF: 'prof:true,prof_active:true,lg_prof_sample:17,prof_prefix:/tmp/lw-1/jeprof',
    })
  })

  it('keeps an existing preload after jemalloc, and takes another sampling interval', () => {
    expect(nativeProfileEnv('/tmp/x', JE, { preload: '/lib/libfoo.so', lgSample: 19 })).toEqual({
      LD_PRELOAD: `${JE}:/lib/libfoo.so`,
      MALLOC_CONF: 'prof:true,prof_active:true,lg_prof_sample:19,prof_prefix:/tmp/x/jeprof',
    })
  })

  it('refuses a folder that MALLOC_CONF cannot carry', () => {
    expect(() => nativeProfileEnv('/tmp/a,b', JE)).toThrow(expect.objectContaining({ code: 'LEAKWATCH_NATIVE_PROFILE' }))
  })
})

describe('findJemalloc()', () => {
  const only = (...present: string[]) => (p: string) => present.includes(p)
  it.each([
    { case: 'Debian x64', arch: 'x64', present: [JE], expected: JE },
    { case: 'Debian arm64', arch: 'arm64', present: ['/usr/lib/aarch64-linux-gnu/libjemalloc.so.2'], expected: '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2' },
    { case: 'Fedora', arch: 'x64', present: ['/usr/lib64/libjemalloc.so.2'], expected: '/usr/lib64/libjemalloc.so.2' },
    { case: 'not installed', arch: 'x64', present: [], expected: undefined },
  ] as const)('$case', ({ arch, present, expected }) => {
    expect(findJemalloc({ env: {}, platform: 'linux', arch, exists: only(...present) })).toBe(expected)
  })

  it('takes LEAKWATCH_JEMALLOC when it exists, and nothing off Linux', () => {
    expect(findJemalloc({ env: { LEAKWATCH_JEMALLOC: '/x/je.so' }, platform: 'linux', exists: only('/x/je.so', JE) })).toBe('/x/je.so')
    expect(findJemalloc({ env: { LEAKWATCH_JEMALLOC: '/x/je.so' }, platform: 'linux', exists: only(JE) })).toBeUndefined()
    expect(findJemalloc({ env: {}, platform: 'darwin', exists: () => true })).toBeUndefined()
  })
})

describe('shortFunctionName()', () => {
  it.each([
    ['cv::VideoWriter::open(std::__cxx11::basic_string<char> const&, int, double, cv::Size_<int>, bool)', 'cv::VideoWriter::open'],
    ['v8::internal::(anonymous namespace)::Invoke(v8::internal::Isolate*)', 'v8::internal::(anonymous namespace)::Invoke'],
    ['av_malloc', 'av_malloc'],
  ])('%s → %s', (name, expected) => {
    expect(shortFunctionName(name)).toBe(expected)
  })
})

describe('isAllocatorFrame()', () => {
  const frame = (fn: string | undefined, library = '/usr/lib/libx.so'): NativeFrame => ({ address: 0, pc: 0, library, ...(fn ? { function: fn } : {}) })
  it.each([
    [frame('je_prof_backtrace', JE), true],
    [frame('malloc', '/usr/lib/x86_64-linux-gnu/libc.so.6'), true],
    [frame('operator new(unsigned long)', '/usr/lib/x86_64-linux-gnu/libstdc++.so.6'), true],
    [frame('av_malloc'), true],
    [frame('av_mallocz'), true],
    [frame('av_buffer_allocz'), true],
    [frame('g_malloc0'), true],
    [frame('CRYPTO_zalloc'), true],
    [frame('cv::fastMalloc(unsigned long)'), true],
    [frame('std::vector<int, std::allocator<int> >::reserve(unsigned long)'), true],
    [frame('cv::VideoWriter::open(int)'), false],
    [frame('avcodec_open2'), false],
    [frame('scratch_for'), false],
    [frame(undefined), false],
  ])('%o → %s', (f, expected) => {
    expect(isAllocatorFrame(f)).toBe(expected)
  })
})

// Fake binutils: names by pc, as addr2line and nm -D would give them for LIB and NODE
const NAMES: Record<string, Record<number, string>> = {
  [LIB]: { 0x11000: 'scratch_for(unsigned long)', 0x12000: 'Decode(Napi::CallbackInfo const&)' },
  [NODE]: { 0x1000000: 'node::fs::ReadFileUtf8' },
  [JE]: { 0x90ff: 'je_malloc_default' },
}
const addr2line: Addr2line = async (library, pcs) => pcs.map((pc) => ({ function: NAMES[library]?.[pc] ?? '??', location: library === LIB ? '/opt/addon/src/decoder.cc:42' : '??:0' }))
const exported: ExportedSymbols = async () => new Map()

describe('growthBetween()', () => {
  const start = parseHeapProfile(profile(`${ADDON}\n  t*: 1: 1048576 [0: 0]\n${IN_NODE}\n  t*: 1: 1048576 [0: 0]`))

  it('reports the stacks that grew by their first caller past the allocator, addon before node at similar size', async () => {
    // the addon stack grows by 4 MiB, node's by 5 MiB: within a factor of two, the addon comes first
    const end = parseHeapProfile(profile(`${ADDON}\n  t*: 5: 5242880 [0: 0]\n${IN_NODE}\n  t*: 6: 6291456 [0: 0]`))
    const findings = await growthBetween(start, end, 100, { addr2line, exported })
    expect(findings.map((f) => [f.what, f.module])).toEqual([['scratch_for', 'decoder.node'], ['node::fs::ReadFileUtf8', 'node']])
    const [addon] = findings
    expect(addon?.bytes).toBe(Math.round(4 * 2 ** 20 / (1 - Math.exp(-8))))
    expect(addon?.bytesPerCycle).toBe(Math.round((addon?.bytes ?? 0) / 100))
    expect(addon?.summary).toBe('+4.0 MiB native in scratch_for (decoder.node), 41 KiB per cycle')
    expect(addon?.site).toEqual({ file: '/opt/addon/src/decoder.cc', line: 42, column: 0, function: 'scratch_for' })
    expect(addon?.stack?.map((s) => s.function)).toEqual(['scratch_for', 'Decode', 'node::fs::ReadFileUtf8'])
  })

  it('names a wrapper when the stack holds nothing but the allocator and wrappers', async () => {
    const wrapped: Addr2line = async (library, pcs) => pcs.map((pc) => ({ function: library === NODE ? 'node::Realloc' : (NAMES[library]?.[pc] ?? '??'), location: '??:0' }))
    const end = parseHeapProfile(profile(`${IN_NODE}\n  t*: 6: 6291456 [0: 0]`))
    expect((await growthBetween(start, end, 10, { addr2line: wrapped, exported })).map((f) => f.what)).toEqual(['node::Realloc'])
  })

  it("leaves out what the diagnosis's own instruments allocate (V8's sampling heap profiler)", async () => {
    const profiler: Addr2line = async (library, pcs) => pcs.map((pc) => ({ function: library === NODE ? 'v8::internal::SamplingHeapProfiler::SampleObject(unsigned long, unsigned long)' : (NAMES[library]?.[pc] ?? '??'), location: '??:0' }))
    const end = parseHeapProfile(profile(`${IN_NODE}\n  t*: 6: 6291456 [0: 0]`))
    expect(await growthBetween(start, end, 10, { addr2line: profiler, exported })).toEqual([])
  })

  it('leaves out growth under minBytes and stacks that shrank', async () => {
    const end = parseHeapProfile(profile(`${ADDON}\n  t*: 1: 1048576 [0: 0]\n${IN_NODE}\n  t*: 2: 1600000 [0: 0]`))
    expect(await growthBetween(start, end, 10, { addr2line, exported })).toEqual([])
    expect((await growthBetween(start, end, 10, { addr2line, exported, minBytes: 1 })).map((f) => f.what)).toEqual(['node::fs::ReadFileUtf8'])
  })
})

describe('symbolize()', () => {
  it('drops a name that addr2line borrowed from the exported symbol before a static function', async () => {
    const { maps } = parseHeapProfile(profile(''))
    const borrowed: Addr2line = async (_, pcs) => pcs.map(() => ({ function: 'std::vector<int>::reserve', location: '??:0' }))
    const ranges: ExportedSymbols = async () => new Map([['std::vector<int>::reserve', [[0x100, 0x180]]]])
    const frames = await symbolize([0x7f0000000101, 0x7f0000011001], maps, { addr2line: borrowed, exported: ranges })
    expect(frames.get(0x7f0000000101)).toMatchObject({ library: LIB, pc: 0x100, function: 'std::vector<int>::reserve' })
    expect(frames.get(0x7f0000011001)).toEqual({ address: 0x7f0000011001, library: LIB, pc: 0x11000 })
  })

  it('leaves anonymous memory (JIT code) unnamed, without asking addr2line', async () => {
    const { maps } = parseHeapProfile(profile(''))
    const frames = await symbolize([0x7f2000000010], maps, { addr2line: async () => { throw new Error('not asked') }, exported })
    expect(frames.get(0x7f2000000010)).toEqual({ address: 0x7f2000000010, library: '', pc: 0x7f200000000f })
  })
})
