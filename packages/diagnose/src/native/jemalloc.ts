import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { LeakwatchError } from '@leakwatch/contracts'

/** Debian and Ubuntu's multiarch folder of each Node architecture. */
const MULTIARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  arm: 'arm-linux-gnueabihf',
  ppc64: 'powerpc64le-linux-gnu',
  s390x: 's390x-linux-gnu',
  riscv64: 'riscv64-linux-gnu',
}

export interface FindJemallocOptions {
  /** Where `LEAKWATCH_JEMALLOC` (an explicit path) is read. Default `process.env`. */
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  arch?: NodeJS.Architecture
  exists?: (path: string) => boolean
}

/**
 * The path of jemalloc's shared library (`libjemalloc.so.2`), or undefined when it is not
 * installed: `LEAKWATCH_JEMALLOC` when set, else the Debian/Ubuntu multiarch folder, then the
 * Fedora, Arch/Alpine and source-build places. Linux only: the profile is taken by preloading
 * jemalloc (LD_PRELOAD), which macOS does not allow for system binaries.
 *
 * @example
 * findJemalloc() // '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2' after `apt-get install libjemalloc2`
 */
export function findJemalloc(options: FindJemallocOptions = {}): string | undefined {
  const { env = process.env, platform = process.platform, arch = process.arch, exists = existsSync } = options
  if (platform !== 'linux') return undefined
  const explicit = env.LEAKWATCH_JEMALLOC
  if (explicit) return exists(explicit) ? explicit : undefined
  const multiarch = MULTIARCH[arch]
  const dirs = [...(multiarch ? [`/usr/lib/${multiarch}`] : []), '/usr/lib64', '/usr/lib', '/usr/local/lib']
  return dirs.map((d) => join(d, 'libjemalloc.so.2')).find((p) => exists(p))
}

/**
 * One sample per 2^17 = 128 KiB allocated, on average. jemalloc's default (2^19) costs nothing
 * measurable but sees a leak of a few KiB per cycle only after hundreds of cycles; 2^17 still
 * costs nothing measurable (OpenCV writing video: within the noise of 1–2 %, 2^15 +3 %, 2^13
 * +6 %, on glibc's timings of the same run) and samples a leak of 8 KiB per cycle over 600
 * cycles about 37 times.
 */
export const LG_PROF_SAMPLE = 17

export interface NativeProfileEnvOptions {
  /** log2 of the mean bytes between samples. Default `LG_PROF_SAMPLE` (17). */
  lgSample?: number
  /** An LD_PRELOAD the child must keep (jemalloc goes first: it must be the malloc). */
  preload?: string
}

/**
 * The environment that starts a process on jemalloc with its heap profiler on: LD_PRELOAD and
 * MALLOC_CONF (`prof:true`, profiling active from the start, the sampling interval, and
 * `prof_prefix` in `dir` so that any dump jemalloc writes on its own lands there, not in the
 * working folder). Nothing is dumped until the process asks: `jemallocDump(path)` of
 * @leakwatch/native at the baseline and at the end, then `nativeGrowth(baseline, end, cycles)`.
 * The child's own children inherit it, and are profiled too.
 *
 * @example
 * fork(childJs, { env: { ...process.env, ...nativeProfileEnv(dir, findJemalloc()!) } })
 */
export function nativeProfileEnv(dir: string, jemalloc: string, options: NativeProfileEnvOptions = {}): Record<string, string> {
  const { lgSample = LG_PROF_SAMPLE, preload } = options
  // MALLOC_CONF is `key:value,key:value`, with no escaping
  if (/[,:]/.test(dir)) throw new LeakwatchError('LEAKWATCH_NATIVE_PROFILE', `the native profile folder cannot hold "," or ":" (jemalloc's MALLOC_CONF has no escaping): ${dir}`)
  const conf = ['prof:true', 'prof_active:true', `lg_prof_sample:${lgSample}`, `prof_prefix:${join(dir, 'jeprof')}`]
  return {
    LD_PRELOAD: [jemalloc, preload].filter(Boolean).join(':'),
    MALLOC_CONF: conf.join(','),
  }
}

/** The note a diagnosis carries when `--native-profile` was asked for and jemalloc is missing. */
export const JEMALLOC_MISSING_NOTE =
  'native: jemalloc is not installed, so native stacks were not profiled; install it (Debian/Ubuntu: apt-get install libjemalloc2 binutils; Fedora: dnf install jemalloc binutils) or set LEAKWATCH_JEMALLOC to its libjemalloc.so.2'
