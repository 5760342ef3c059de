import type { Sample } from '@leakwatch/contracts'
import { GraderError } from './errors.js'
import type { Policy } from './policy.js'

/** A series cut into the parts the grader reads. */
export interface SeriesParts {
  /**
   * The measured run in time order: phase 'measure'; in a series without phases (a process
   * sampled from outside), every sample after its start-up.
   */
  measured: Sample[]
  /**
   * What memory is graded on: the measured samples that carry a cycle number when there are
   * two or more (the runner's checkpoints, each taken after a full GC), else all measured
   * samples. Samples taken from outside between checkpoints count garbage not yet collected.
   */
  memory: Sample[]
  /** After the measured cycles: the final forced GC, teardown, and after teardown. */
  afterMeasure: Sample[]
  /** After teardown only. */
  after: Sample[]
  /** Every sample in time order. */
  all: Sample[]
  /** True for a series with phases (a scenario run), false for a process sampled from outside. */
  phased: boolean
  /** A series without phases: where its start-up ended, ms (the first measured sample's t). */
  startupMs?: number
}

export function splitSeries(samples: readonly Sample[], policy: Policy): SeriesParts {
  const all = samples.filter((s) => Number.isFinite(s.t)).sort((a, b) => a.t - b.t)
  const phased = all.some((s) => s.phase !== undefined)
  let measured = phased ? all.filter((s) => s.phase === 'measure') : all
  let startupMs: number | undefined
  const checkpoints = measured.filter((s) => s.cycle !== undefined)
  if (!phased && checkpoints.length < 2) {
    startupMs = startupEnd(all, policy)
    measured = all.filter((s) => s.t >= (startupMs as number))
  }
  const withCycles = measured.filter((s) => s.cycle !== undefined)
  const parts: SeriesParts = {
    all,
    measured,
    memory: withCycles.length >= 2 ? withCycles : measured,
    afterMeasure: phased ? all.filter((s) => s.phase === 'teardown' || s.phase === 'after') : [],
    after: phased ? all.filter((s) => s.phase === 'after') : [],
    phased,
  }
  if (startupMs !== undefined) parts.startupMs = startupMs
  const bad = parts.memory.find((s) => !(Number.isFinite(s.rss) && s.rss > 0))
  if (bad) throw new GraderError('LEAKWATCH_BAD_SERIES', `rss must be a number above 0, got ${String(bad.rss)} at t = ${bad.t}`)
  if (parts.memory.length < 2) {
    throw new GraderError('LEAKWATCH_BAD_SERIES', `a series needs at least 2 measured samples, got ${parts.memory.length}`)
  }
  return parts
}

/**
 * Where the start-up of a process sampled from outside ends: after the first `share` of the
 * series, or later while its thread count still changes (Node starts its libuv and V8 threads
 * as it boots; a server its pools with the first requests), but never after `maxShare`.
 */
function startupEnd(all: readonly Sample[], policy: Policy): number {
  const t0 = all[0]?.t ?? 0
  const span = (all.at(-1)?.t ?? t0) - t0
  let end = t0 + policy.startup.share * span
  const limit = t0 + policy.startup.maxShare * span
  for (let i = 1; i < all.length; i++) {
    const s = all[i] as Sample
    if (s.t > limit) break
    const prev = all[i - 1] as Sample
    if (s.threads !== undefined && prev.threads !== undefined && s.threads !== prev.threads) end = Math.max(end, s.t)
  }
  return end
}
