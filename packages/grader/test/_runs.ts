import type { Sample } from '@leakwatch/contracts'
import { random } from './synthetic.mjs'

export const MiB = 2 ** 20

/** Layer levels of one checkpoint, bytes. RSS is their sum plus what lies outside them. */
export interface Levels {
  heap: number
  external: number
  native: number
  heapTotal: number
  outside: number
  threads: number
  handles: number
  resources: number
}

const CALM: Levels = { heap: 6 * MiB, external: 2 * MiB, native: 8 * MiB, heapTotal: 12 * MiB, outside: 50 * MiB, threads: 11, handles: 20, resources: 3 }

/**
 * A scenario run as the runner records it: a sample before setup, `n` measured checkpoints
 * (cycle 0 to `cycles`, `cycleMs` apart per cycle), one after the final GC and one after
 * teardown. `shape(f)` gives what changes at fraction f of the run; noise is ± `noise` bytes
 * on every memory layer.
 */
export function scenarioRun(options: {
  n?: number
  cycles?: number
  cycleMs?: number
  shape?: (f: number) => Partial<Levels>
  after?: Partial<Levels>
  noise?: number
  seed?: number
}): Sample[] {
  const { n = 50, cycles = 1000, cycleMs = 10, shape = () => ({}), noise = 0, seed = 1 } = options
  const rand = random(seed)
  const jitter = () => (rand() * 2 - 1) * noise
  const sample = (l: Levels, t: number, phase: Sample['phase'], cycle?: number): Sample => {
    const heapTotal = l.heapTotal + jitter()
    const native = l.native + jitter()
    const s: Sample = {
      t,
      rss: heapTotal + native + l.outside + jitter(),
      heapUsed: l.heap + jitter(),
      heapTotal,
      external: l.external + jitter(),
      nativeHeap: native,
      threads: l.threads,
      handles: l.handles,
      resources: l.resources,
      phase,
    }
    if (cycle !== undefined) s.cycle = cycle
    return s
  }
  const series: Sample[] = [sample(CALM, 0, 'warmup')]
  for (let i = 0; i < n; i++) {
    const f = i / (n - 1)
    const cycle = Math.round(f * cycles)
    series.push(sample({ ...CALM, ...shape(f) }, 100 + cycle * cycleMs, 'measure', cycle))
  }
  const end = { ...CALM, ...shape(1) }
  series.push(sample(end, 200 + cycles * cycleMs, 'teardown', cycles))
  series.push(sample({ ...end, ...options.after }, 300 + cycles * cycleMs, 'after'))
  return series
}

/** A process sampled from outside every `everyMs`: RSS, threads and fds only, no phases. */
export function externalSeries(options: {
  durationMs: number
  everyMs?: number
  rss: (tSec: number) => number
  threads?: (tSec: number) => number
  handles?: (tSec: number) => number
  noise?: number
  seed?: number
}): Sample[] {
  const { durationMs, everyMs = 100, noise = 0, seed = 1 } = options
  const rand = random(seed)
  const out: Sample[] = []
  for (let t = 0; t <= durationMs; t += everyMs) {
    const s = t / 1000
    out.push({ t, rss: options.rss(s) + (rand() * 2 - 1) * noise, threads: options.threads?.(s) ?? 11, handles: options.handles?.(s) ?? 18 })
  }
  return out
}
