import { GraderError } from './errors.js'
import { median } from './stats/median.js'
import type { CounterChange, Metric, SeriesSample } from './types.js'

/** A series cut into the parts the grader reads. */
export interface SeriesParts {
  /** The measured cycles in time order: phase 'measure', or every sample of an unphased series. */
  measured: SeriesSample[]
  /**
   * What memory is graded on: the measured samples that carry a cycle number when there are
   * two or more (the runner's checkpoints, each taken after a full GC), else all measured
   * samples. Samples taken from outside between checkpoints count garbage not yet collected:
   * a sawtooth that says nothing about leaks, though their threads and fds still count.
   */
  memory: SeriesSample[]
  /** After the measured cycles: the final forced GC, teardown, and after teardown. */
  afterMeasure: SeriesSample[]
  /** After teardown only. */
  after: SeriesSample[]
  /** Every sample in time order. */
  all: SeriesSample[]
}

export function splitSeries(samples: readonly SeriesSample[]): SeriesParts {
  const all = [...samples].sort((a, b) => a.t - b.t)
  const phased = all.some((s) => s.phase !== undefined)
  const measured = phased ? all.filter((s) => s.phase === 'measure') : all
  const checkpoints = measured.filter((s) => s.cycle !== undefined)
  return {
    all,
    measured,
    memory: checkpoints.length >= 2 ? checkpoints : measured,
    afterMeasure: phased ? all.filter((s) => s.phase === 'teardown' || s.phase === 'after') : [],
    after: phased ? all.filter((s) => s.phase === 'after') : [],
  }
}

/**
 * A sample's value of a metric, or undefined where it was not measured. `external` is
 * Node's `external`, which already includes `arrayBuffers` (adding them would count Buffers twice).
 */
export function metricOf(sample: SeriesSample, metric: Metric): number | undefined {
  return sample[metric]
}

/** The samples that carry the metric, with their times in seconds. */
export function metricPoints(samples: readonly SeriesSample[], metric: Metric): { ts: number[]; values: number[]; cycles: (number | undefined)[] } {
  const ts: number[] = []
  const values: number[] = []
  const cycles: (number | undefined)[] = []
  for (const s of samples) {
    const v = metricOf(s, metric)
    if (v === undefined || !Number.isFinite(v)) continue
    ts.push(s.t / 1000)
    values.push(v)
    cycles.push(s.cycle)
  }
  return { ts, values, cycles }
}

/**
 * Baseline and final value. The baseline is the first measured sample, as in the guide: the
 * runner takes it right after warm-up and a forced GC, so it is the quietest point of the run.
 * The final value is the median of the last `share` of the values (at least one), so one
 * noisy sample at the end cannot decide the verdict. (A median at the start would hide
 * growth that happens early, under the very window meant to steady the baseline.)
 */
export function endpoints(values: readonly number[], share: number): { initial: number; final: number } {
  if (values.length < 2) throw new GraderError('LEAKWATCH_BAD_SERIES', `a series needs at least 2 measured samples, got ${values.length}`)
  const w = Math.max(1, Math.round(values.length * share))
  return { initial: values[0] as number, final: median(values.slice(-w)) }
}

/**
 * A counter at the start of the series and after teardown (the last sample after teardown,
 * or the last of all when the series has no teardown). The start, not the first measured
 * sample: the runner's series opens with a sample taken before setup, so a worker that setup
 * starts and teardown fails to stop shows too.
 */
export function counterChange(parts: SeriesParts, key: 'threads' | 'handles' | 'resources'): CounterChange | undefined {
  const initial = parts.all.find((s) => s[key] !== undefined)?.[key]
  const finalFrom = parts.after.length > 0 ? parts.after : parts.all
  const final = finalFrom.findLast((s) => s[key] !== undefined)?.[key]
  return initial === undefined || final === undefined ? undefined : { initial, final }
}
