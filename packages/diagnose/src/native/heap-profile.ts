import { readFile } from 'node:fs/promises'
import { LeakwatchError } from '@leakwatch/contracts'

/** One stack of a jemalloc heap profile and the sampled allocations live at dump time. */
export interface ProfileStack {
  /**
   * Return addresses, innermost first (jemalloc's own frames on top). Numbers, not bigints:
   * user-space addresses stay below 2^48 on x86-64 and arm64, well inside 2^53.
   */
  addresses: number[]
  /** Sampled objects live (not an estimate of all objects: see `estimatedBytes`). */
  objects: number
  /** Bytes of those sampled objects. */
  bytes: number
}

/** One line of `/proc/<pid>/maps` as jemalloc copied it into the dump. */
export interface MappedRegion {
  start: number
  end: number
  /** Offset in the file of the region's first byte. */
  offset: number
  perms: string
  /** The mapped file; empty for anonymous memory, `[heap]`, `[stack]`, … otherwise. */
  path: string
}

/** A parsed jemalloc heap profile (`prof.dump`, the `heap_v2` format). */
export interface HeapProfile {
  /** Mean bytes between two samples: 2^lg_prof_sample, from the `heap_v2/<period>` header. */
  samplePeriod: number
  stacks: ProfileStack[]
  maps: MappedRegion[]
}

const HEADER = /^heap_v2\/(\d+)\s*$/
const COUNTS = /^\s*t\*:\s*(\d+):\s*(\d+)\s/
const MAPS_LINE = /^([0-9a-f]+)-([0-9a-f]+)\s+(\S+)\s+([0-9a-f]+)\s+\S+\s+\d+\s*(.*)$/

/**
 * Parses a jemalloc heap profile: a `heap_v2/<sample period>` header, totals, then per stack a
 * line `@ 0x… 0x…` followed by `  t*: <objects>: <bytes> [<accum objects>: <accum bytes>]` (all
 * threads) and one such line per thread (`t0:`, `t1:`, skipped), then `MAPPED_LIBRARIES:` and a
 * copy of `/proc/<pid>/maps`.
 *
 * @example
 * const profile = parseHeapProfile(readFileSync('end.heap', 'utf8'))
 * profile.stacks.map((s) => estimatedBytes(s, profile.samplePeriod))
 */
export function parseHeapProfile(text: string): HeapProfile {
  const lines = text.split('\n')
  const header = HEADER.exec(lines[0] ?? '')
  if (!header) throw new LeakwatchError('LEAKWATCH_NATIVE_PROFILE', `not a jemalloc heap profile (heap_v2): the first line is "${(lines[0] ?? '').slice(0, 40)}"`)
  const profile: HeapProfile = { samplePeriod: Number(header[1]), stacks: [], maps: [] }
  let stack: ProfileStack | undefined
  let i = 1
  for (; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line.startsWith('MAPPED_LIBRARIES:')) break
    if (line.startsWith('@')) {
      const addresses = line.slice(1).trim().split(/\s+/).filter(Boolean).map((a) => Number.parseInt(a, 16))
      stack = { addresses, objects: 0, bytes: 0 }
      profile.stacks.push(stack)
      continue
    }
    // the first t* line (before any @) holds the totals; later ones belong to the stack above
    const counts = COUNTS.exec(line)
    if (counts && stack) {
      stack.objects = Number(counts[1])
      stack.bytes = Number(counts[2])
      stack = undefined
    }
  }
  for (i++; i < lines.length; i++) {
    const m = MAPS_LINE.exec(lines[i] ?? '')
    if (!m) continue
    profile.maps.push({
      start: Number.parseInt(m[1] as string, 16),
      end: Number.parseInt(m[2] as string, 16),
      perms: m[3] as string,
      offset: Number.parseInt(m[4] as string, 16),
      path: (m[5] ?? '').trim(),
    })
  }
  return profile
}

/** Reads and parses a heap profile file. */
export async function readHeapProfile(path: string): Promise<HeapProfile> {
  return parseHeapProfile(await readFile(path, 'utf8'))
}

/**
 * The live bytes a stack's samples stand for. jemalloc samples an allocation of `size` bytes
 * with probability 1 − exp(−size / period) (a Poisson process over allocated bytes), so each
 * sampled byte stands for 1 / (1 − exp(−mean size / period)) bytes: the correction jeprof
 * applies to `heap_v2` profiles. Allocations far larger than the period count once; small ones
 * count period / size times.
 */
export function estimatedBytes(stack: Pick<ProfileStack, 'objects' | 'bytes'>, samplePeriod: number): number {
  if (stack.objects === 0 || stack.bytes === 0) return 0
  if (samplePeriod <= 1) return stack.bytes // lg_prof_sample:0 records every allocation
  const meanSize = stack.bytes / stack.objects
  return stack.bytes / (1 - Math.exp(-meanSize / samplePeriod))
}
