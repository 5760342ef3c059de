import { readFileSync } from 'node:fs'
import type { Finding } from '@leakwatch/contracts'
import { units } from '@leakwatch/grader'
import { grewWithCycles, perCycleOf, perCycleText } from './_growth.js'

/** Resident memory of a process by kind of mapping, from /proc/<pid>/smaps. */
export type Mappings = Map<string, { regions: number; rss: number }>

/** At least this much more resident memory in a group of mappings (V8 and the instruments themselves map a few megabytes more in a pass), and 4 KiB a cycle. */
const MIN_BYTES = 8 * 1024 * 1024
const MIN_BYTES_PER_CYCLE = 4096

/**
 * The process's mappings grouped by what backs them, with their resident bytes: a file's
 * path (a shared library, an addon `.node`, a mapped data file), `[heap]` (brk, where malloc
 * keeps small blocks), `[stack]`, and `anonymous mmap` for unnamed ones (an addon's or an
 * allocator's arenas; V8's heap pages and thread stacks are anonymous mappings too). Undefined where /proc is missing.
 */
export function readMappings(pid: number = process.pid, procRoot = '/proc'): Mappings | undefined {
  let text: string
  try {
    text = readFileSync(`${procRoot}/${pid}/smaps`, 'latin1')
  } catch {
    return undefined
  }
  const groups: Mappings = new Map()
  let current: { regions: number; rss: number } | undefined
  for (const line of text.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line)
    if (header) {
      const path = (header[1] ?? '').trim()
      // the kernel merges neighbouring anonymous mappings into one: they are one group
      const key = path === '' ? 'anonymous mmap' : path
      current = groups.get(key) ?? { regions: 0, rss: 0 }
      current.regions++
      groups.set(key, current)
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss && current) current.rss += Number(rss[1]) * 1024
  }
  return groups
}

/**
 * Groups of mappings whose resident memory grew with the cycles, largest first: `native`
 * findings with no stack (memory mapped outside malloc, which no allocator profile sees: an
 * addon's `mmap` arenas, a file mapped and never unmapped).
 */
export function mappingGrowth(before: Mappings, after: Mappings, cycles: number): Finding[] {
  const findings: Finding[] = []
  for (const [what, now] of after) {
    const was = before.get(what) ?? { regions: 0, rss: 0 }
    const bytes = now.rss - was.rss
    const regions = now.regions - was.regions
    if (bytes < MIN_BYTES || bytes < cycles * MIN_BYTES_PER_CYCLE) continue
    // a group that only grew inside its old regions (the [heap], V8's pages) is not new mappings
    const fresh = grewWithCycles(regions, cycles, 2, 1000) ? `, ${regions} new mappings (${perCycleText(perCycleOf(regions, cycles))} per cycle)` : ''
    findings.push({
      kind: 'native',
      what,
      summary: `${units.deltaBytes(bytes)} resident in ${what}${fresh}, ${units.deltaBytes(bytes / Math.max(1, cycles))} per cycle`,
      bytes,
      bytesPerCycle: bytes / Math.max(1, cycles),
      ...(regions > 0 ? { count: regions, perCycle: perCycleOf(regions, cycles) } : {}),
    })
  }
  return findings.sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0))
}
