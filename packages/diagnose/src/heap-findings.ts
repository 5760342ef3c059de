import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import type { Finding } from '@leakwatch/contracts'
import { units } from '@leakwatch/grader'
import { compareHeapSnapshots, type HeapGrowth } from './heap-snapshot/index.js'
import type { Inspector } from './inspector.js'

/** The growths of a heap comparison that become findings, the largest first. */
export const TOP_GROWTHS = 5

/**
 * A heap snapshot of this process, streamed to `path` chunk by chunk (V8 hands it over in
 * pieces; it is never one string here).
 */
export async function writeHeapSnapshot(inspector: Inspector, path: string): Promise<void> {
  const fd = openSync(path, 'w')
  const stop = inspector.on('HeapProfiler.addHeapSnapshotChunk', ({ params }) => writeSync(fd, String(params.chunk)))
  try {
    await inspector.post('HeapProfiler.enable')
    await inspector.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  } finally {
    stop()
    closeSync(fd)
  }
}

/**
 * A heap growth as a finding: "Map +1500 entries (1.0 per cycle, +1.5 MiB)", or, for a worker
 * thread's heap, "… in worker thread 2 (…)" with the worker heading its retainers.
 */
export function heapObjectFinding(growth: HeapGrowth, cycles: number, worker?: number): Finding {
  const unit = growth.kind === 'entries' ? 'entries' : 'instances'
  const perCycle = worker === undefined ? growth.perCycle : growth.count / Math.max(1, cycles)
  return {
    kind: 'heap-object',
    what: growth.what,
    summary:
      worker === undefined
        ? `${growth.what} +${growth.count} ${unit} (${perCycle.toFixed(1)} per cycle, ${units.deltaBytes(growth.bytes)})`
        : `${growth.what} +${growth.count} ${unit} in worker thread ${worker} (${units.deltaBytes(growth.bytes)})`,
    count: growth.count,
    perCycle,
    bytes: growth.bytes,
    bytesPerCycle: growth.bytes / Math.max(1, cycles),
    retainers: worker === undefined ? growth.retainers : [`(worker thread ${worker})`, ...growth.retainers],
  }
}

/**
 * Each worker's two heap snapshots, compared as the main thread's are (without probes: the
 * probes reach only the main thread). A pool's workers share a leak among them, so each one's
 * growth is judged against the cycles the whole process ran divided among them. The snapshot
 * files are removed once read; a comparison that fails is a note.
 */
export async function workerHeapFindings(
  befores: ReadonlyMap<string, string>,
  ends: ReadonlyMap<string, string>,
  cycles: number,
  budgetBytes: number | undefined,
  note: (text: string) => void,
): Promise<Finding[]> {
  const findings: Finding[] = []
  let n = 0
  for (const [worker, before] of befores) {
    const after = ends.get(worker)
    n++
    try {
      if (after === undefined) continue
      const growths = await compareHeapSnapshots(before, after, { cycles: Math.max(1, Math.round(cycles / Math.max(1, befores.size))), budgetBytes })
      for (const growth of growths.slice(0, TOP_GROWTHS)) findings.push(heapObjectFinding(growth, cycles, n))
    } catch (err) {
      note(`worker thread ${n}'s heap snapshots not compared: ${(err as Error).message}`)
    } finally {
      rmSync(before, { force: true })
      if (after !== undefined) rmSync(after, { force: true })
    }
  }
  return findings
}

/**
 * The instruments' own records (the handle tracker's stacks, the probes' captures) grow with
 * the cycles too: a growth whose retainer path runs through their records is theirs, not the
 * program's. (A path through the Diagnoser's options is not: a callback given to it may hold
 * the program's objects, and be the shortest way to them.)
 */
const INSTRUMENTS = /^(HandleTracker|GrowthSites|HeapSampling)\.|^Diagnoser\.#(findings|notes|handles|fds|threads|mappings)\b/

export function heldByInstruments(growth: HeapGrowth): boolean {
  return growth.retainers.some((step) => INSTRUMENTS.test(step))
}
