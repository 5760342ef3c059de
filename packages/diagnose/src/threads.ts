import { readdirSync, readFileSync } from 'node:fs'
import type { Finding } from '@leakwatch/contracts'
import { grewWithCycles, perCycleOf, perCycleText } from './_growth.js'

/**
 * How many threads of a process carry each name, from /proc/<pid>/task/<tid>/comm (the kernel
 * keeps 15 bytes of a name). Undefined where there is no /proc (not Linux) or the process is
 * gone or not ours to read; a thread that ends while it is read is left out.
 *
 * What the names tell on Node 20 (found by experiment on 20.20, Linux, and by gdb's
 * backtraces of each thread): nothing that tells Node's threads apart. Node 20 names none of
 * its threads, so each keeps the name the process started with, the executable's file name
 * (`node`; a copy named `mynode-bin` shows `mynode-bin`). They are: the main thread; the V8
 * platform's workers (`PlatformWorkerThread`, 4 by default, `--v8-pool-size`) and its
 * delayed-task scheduler; the inspector's I/O-thread starter (`StartIoThreadMain`, waiting for
 * SIGUSR1); the libuv thread pool (4, `UV_THREADPOOL_SIZE`), started on its first use (an ES
 * module import does that, so a scenario process has them from the start); and one thread per
 * `worker_threads` Worker (its event loop; it shares the pool and the platform), gone when the
 * Worker exits. So `node -e` has 7 threads and a process that imported an ES module 11.
 * Threads that native code names with `pthread_setname_np` (FFmpeg's, an addon's) show under
 * those names. A leak of Workers thus reads `+12 threads named "node"`; the Worker's creation
 * site comes from the handle tracker (`HandleTracker`, WORKER resources), not from here.
 */
export function readThreadNames(pid: number = process.pid, procRoot = '/proc'): Map<string, number> | undefined {
  const dir = `${procRoot}/${pid}/task`
  let tids: string[]
  try {
    tids = readdirSync(dir)
  } catch {
    return undefined
  }
  const names = new Map<string, number>()
  for (const tid of tids) {
    let name: string
    try {
      name = readFileSync(`${dir}/${tid}/comm`, 'utf8').replace(/\n$/, '')
    } catch {
      continue // ended since the listing
    }
    names.set(name, (names.get(name) ?? 0) + 1)
  }
  return names
}

/**
 * At least 2 more threads of a name, and at least one per 50 cycles: a thread costs its stack
 * (8 MiB reserved) and often an event loop, so fewer make a leak than fds do, while a pool
 * started once (four piscina workers) stays under the bar over a few hundred cycles.
 */
const THREAD_FLOOR = 2
const THREAD_EVERY = 50

/**
 * The thread names whose count grew between two readings of one process, most first:
 * `+12 threads named "node" (0.02 per cycle)`. Names that appeared count from zero.
 *
 * @example
 * const before = readThreadNames()
 * // … the measured cycles …
 * threadGrowth(before ?? new Map(), readThreadNames() ?? new Map(), 600)
 */
export function threadGrowth(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>, cycles: number): Finding[] {
  const findings: Finding[] = []
  for (const [name, now] of after) {
    const count = now - (before.get(name) ?? 0)
    if (!grewWithCycles(count, cycles, THREAD_FLOOR, THREAD_EVERY)) continue
    const perCycle = perCycleOf(count, cycles)
    const fresh = before.has(name) ? '' : ', new'
    findings.push({
      kind: 'thread',
      what: name,
      summary: `+${count} threads named ${JSON.stringify(name)} (${perCycleText(perCycle)} per cycle${fresh})`,
      count,
      perCycle,
    })
  }
  return findings.sort((a, b) => (b.count ?? 0) - (a.count ?? 0))
}
