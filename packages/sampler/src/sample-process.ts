import { performance } from 'node:perf_hooks'
import type { Sample } from '@leakwatch/contracts'
import pidusage from 'pidusage'
import { badOption, noSuchPid, permissionDenied } from './errors.js'
import { exitedPid, processState } from './_process-state.js'
import { readProc, USER_HZ } from './proc.js'

export const defaultNow = () => performance.now()

/**
 * Extra measurements taken inside the sampled process and merged into its samples,
 * for example the native heap from `@leakwatch/native`.
 */
export type Probe = () => Partial<Omit<Sample, 't' | 'rss'>>

/** Where a sample's readings come from; every part can be replaced, so tests reach every branch. */
export interface SampleSource {
  /** Root of the proc filesystem. Default `/proc`. */
  procRoot?: string
  /** Platform to sample as. Default `process.platform`; /proc is used on `linux` only. */
  platform?: NodeJS.Platform
  /** Clock in milliseconds. Default `performance.now`. */
  now?: () => number
  /** `t` of a sample is `now() - origin`. Default 0: milliseconds since this process started. */
  origin?: number
  /** CPU clock ticks per second in /proc. Default 100 (USER_HZ). */
  ticksPerSecond?: number
  /** Extra readings merged into samples of the current process only. */
  probes?: readonly Probe[]
  /**
   * Read what each open fd is (`fdKinds`: one readlink per fd, Linux only). Default true;
   * turn it off to sample a process holding thousands of fds at a high rate.
   */
  fdKinds?: boolean
}

/**
 * Measures one process once.
 *
 * Without a pid (or with this process's pid) the sample holds `process.memoryUsage()`,
 * CPU time, live libuv resources (in total and by type), and on Linux threads and open fds
 * (in total and by kind) from /proc/self. For another pid it holds RSS, CPU, threads and open
 * fds (in total and by kind) from /proc/<pid> on Linux, and RSS and CPU through pidusage elsewhere.
 *
 * @example
 * const s = await sampleProcess(child.pid)
 * console.log(`${s.rss / 2 ** 20} MB, ${s.threads} threads, ${s.handles} fds`)
 */
export async function sampleProcess(pid?: number, source: SampleSource = {}): Promise<Sample> {
  if (pid !== undefined && !(Number.isSafeInteger(pid) && pid > 0)) {
    throw badOption(`pid must be a positive whole number, got ${String(pid)}`)
  }
  // microseconds are plenty, and keep the NDJSON short
  const t = Math.round(((source.now ?? defaultNow)() - (source.origin ?? 0)) * 1000) / 1000
  const onLinux = (source.platform ?? process.platform) === 'linux'
  const procRoot = source.procRoot ?? '/proc'
  const ticks = source.ticksPerSecond ?? USER_HZ
  const withFdKinds = source.fdKinds ?? true

  if (pid === undefined || pid === process.pid) {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage()
    const { user, system } = process.cpuUsage()
    const sample: Sample = { t, rss, heapUsed, heapTotal, external, arrayBuffers }
    if (onLinux) {
      const proc = readProc(procRoot, 'self', ticks, withFdKinds)
      sample.threads = proc.threads
      sample.handles = proc.handles
      if (proc.fdKinds) sample.fdKinds = proc.fdKinds
    }
    const resources = process.getActiveResourcesInfo()
    sample.resources = resources.length
    sample.resourceTypes = countByName(resources)
    sample.cpu = (user + system) / 1000
    for (const probe of source.probes ?? []) Object.assign(sample, probe())
    return sample
  }

  if (onLinux) {
    const { rss, cpu, threads, handles, fdKinds } = readProc(procRoot, pid, ticks, withFdKinds)
    return { t, rss, threads, handles, ...(fdKinds ? { fdKinds } : {}), cpu }
  }
  return sampleWithPidusage(pid, t)
}

function countByName(names: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1
  return counts
}

async function sampleWithPidusage(pid: number, t: number): Promise<Sample> {
  const stat = await pidusage(pid).catch((err: unknown) => {
    // pidusage's errors vary by platform; ask the OS whether the pid is there at all
    const state = processState(pid)
    if (state === 'gone') throw noSuchPid(pid, err)
    if (state === 'zombie') throw exitedPid(pid, err)
    if (state === 'alive-not-ours') throw permissionDenied(pid, 'process info', err)
    throw err
  })
  // `ps` lists a zombie with no memory: one that has exited is gone, not a process of 0 bytes
  if (stat.memory === 0 && processState(pid) === 'zombie') throw exitedPid(pid)
  return { t, rss: stat.memory, cpu: stat.ctime }
}
