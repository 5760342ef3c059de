import koffi from 'koffi'

type Libc = { mallinfo2: () => Record<string, number>; mallocTrim: (pad: number) => number }
let libc: Libc | null | undefined

/** glibc's malloc, through koffi; null where there is no glibc (macOS, Windows, musl). */
function glibc(): Libc | null {
  if (libc !== undefined) return libc
  libc = null
  if (process.platform !== 'linux') return libc
  try {
    const lib = koffi.load('libc.so.6')
    const mallinfo2 = koffi.struct('leakwatch_mallinfo2', {
      arena: 'size_t', ordblks: 'size_t', smblks: 'size_t', hblks: 'size_t', hblkhd: 'size_t',
      usmblks: 'size_t', fsmblks: 'size_t', uordblks: 'size_t', fordblks: 'size_t', keepcost: 'size_t',
    })
    libc = { mallinfo2: lib.func('mallinfo2', mallinfo2, []), mallocTrim: lib.func('int malloc_trim(size_t pad)') }
  } catch {
    // musl or a glibc older than 2.33 (no mallinfo2)
  }
  return libc
}

/**
 * Bytes malloc has in use in this process (glibc's mallinfo2: allocated chunks plus mmapped
 * blocks), or undefined where it cannot be measured. Native memory that RSS hides among
 * freed-but-kept pages: a video writer or Mat never released shows here.
 */
export function nativeHeap(): number | undefined {
  const info = glibc()?.mallinfo2()
  return info ? Number(info.uordblks) + Number(info.hblkhd) : undefined
}

/** Returns free malloc memory to the OS (glibc's malloc_trim(0)); true when some was released. */
export function mallocTrim(): boolean {
  return (glibc()?.mallocTrim(0) ?? 0) === 1
}

/**
 * A sampler probe: `sampleProcess(undefined, { probes: [nativeHeapProbe] })` adds `nativeHeap`
 * to samples of this process on glibc Linux, and nothing elsewhere.
 */
export const nativeHeapProbe = (): { nativeHeap?: number } => {
  const bytes = nativeHeap()
  return bytes === undefined ? {} : { nativeHeap: bytes }
}
