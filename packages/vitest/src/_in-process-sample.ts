import { readdirSync, readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Sample } from '@leakwatch/contracts'

let gc: (() => void) | undefined

/**
 * A full GC in this process: `global.gc` when node runs with --expose-gc, else one obtained by
 * switching the flag on and reading `gc` from a new context (V8 installs it there).
 */
export function forceGc(): void {
  if (!gc) {
    const exposed = (globalThis as { gc?: () => void }).gc
    if (typeof exposed === 'function') gc = exposed
    else {
      setFlagsFromString('--expose-gc')
      gc = runInNewContext('gc') as () => void
    }
  }
  gc()
}

/** Two full GCs with a turn of the event loop between (finalizers and weak callbacks run on the next turn). */
export async function settleGc(): Promise<void> {
  forceGc()
  await new Promise((done) => setImmediate(done))
  forceGc()
}

/** The OS threads of this process, from /proc/self/status; undefined where there is no /proc. */
function threads(): number | undefined {
  try {
    const match = /^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

/** The open fds of this process, from /proc/self/fd (less the one reading it); undefined where there is no /proc. */
function openFds(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length - 1
  } catch {
    return undefined
  }
}

/** A sample of this process from inside: memory layers, threads, fds and live libuv resources by type. */
export function sampleHere(t: number): Sample {
  const memory = process.memoryUsage()
  const sample: Sample = { t, rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external, arrayBuffers: memory.arrayBuffers }
  const threadCount = threads()
  if (threadCount !== undefined) sample.threads = threadCount
  const fds = openFds()
  if (fds !== undefined) sample.handles = fds
  const types: Record<string, number> = {}
  const resources = process.getActiveResourcesInfo()
  for (const type of resources) types[type] = (types[type] ?? 0) + 1
  sample.resources = resources.length
  sample.resourceTypes = types
  return sample
}
