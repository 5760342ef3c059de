import { performance } from 'node:perf_hooks'
import type { Sample } from '@leakwatch/contracts'
import { GraderError, gradeSeries, type LayerName, type PolicyOverrides, SeriesBuffer, type SeriesBufferOptions, type Status, type Verdict } from '@leakwatch/grader'
import { Sparkline } from './sparkline.js'

/** The metrics the live view draws, each on a line of its own. */
export const METRICS = [
  { key: 'rss', label: 'RSS', layer: 'rss', unit: 'bytes', read: (s: Sample) => s.rss },
  { key: 'heap', label: 'JS heap', layer: 'heap', unit: 'bytes', read: (s: Sample) => s.heapUsed },
  { key: 'threads', label: 'threads', layer: 'threads', unit: 'count', read: (s: Sample) => s.threads },
  { key: 'fds', label: 'fds', layer: 'fds', unit: 'count', read: (s: Sample) => s.handles },
] as const satisfies ReadonlyArray<{ key: string; label: string; layer: LayerName; unit: 'bytes' | 'count'; read: (s: Sample) => number | undefined }>

export type MetricKey = (typeof METRICS)[number]['key']

/** The verdict on the series so far; 'collecting' until there are enough samples after start-up. */
export interface RunningVerdict {
  status: 'collecting' | Status
  /** The verdict's first reason (which layer decided, or why it is too early). */
  reason?: string
  /** The `t` of the latest sample graded. */
  at?: number
  verdict?: Verdict
}

export interface WatchStateOptions {
  /** Buckets of each sparkline. Default 60. */
  sparkWidth?: number
  /**
   * Sample time between two gradings at least, ms (default 5000). Grading a long series
   * costs more; the gap then grows so that grading takes at most 2 % of the time.
   */
  gradeEveryMs?: number
  policy?: PolicyOverrides
  series?: SeriesBufferOptions
}

/** What a finished watch concluded: a verdict, or why there is none. */
export type FinalVerdict = { verdict: Verdict; error?: undefined } | { verdict?: undefined; error: string }

/**
 * Everything a watch keeps while it runs, in memory that does not grow with its length: the
 * series in a SeriesBuffer (bounded, graded as the whole one), a sparkline of each metric
 * (bounded buckets), the first and latest sample, and the running verdict, graded again at
 * most every `gradeEveryMs` of sample time.
 *
 * @example
 * const state = new WatchState()
 * for (const sample of samples) state.push(sample)
 * state.running.status // 'pass', 'warn', 'fail' or 'collecting'
 */
export class WatchState {
  readonly series: SeriesBuffer
  readonly sparklines: Record<MetricKey, Sparkline>
  first: Sample | undefined
  latest: Sample | undefined
  running: RunningVerdict = { status: 'collecting' }
  /** How many times the series was graded. */
  grades = 0
  readonly #gradeEveryMs: number
  readonly #policy: PolicyOverrides | undefined
  #nextGradeAt = 0
  #costMs = 0

  constructor({ sparkWidth = 60, gradeEveryMs = 5000, policy, series }: WatchStateOptions = {}) {
    this.series = new SeriesBuffer(series)
    const line = () => new Sparkline(sparkWidth)
    this.sparklines = { rss: line(), heap: line(), threads: line(), fds: line() }
    this.#gradeEveryMs = gradeEveryMs
    this.#policy = policy
  }

  /** Takes one sample; returns true when the running verdict was graded again. */
  push(sample: Sample): boolean {
    this.first ??= sample
    this.latest = sample
    this.series.push(sample)
    for (const metric of METRICS) {
      const value = metric.read(sample)
      if (value !== undefined) this.sparklines[metric.key].push(value)
    }
    if (sample.t < this.#nextGradeAt) return false
    this.grade()
    return true
  }

  /** Grades the series now: the running verdict. */
  grade(): RunningVerdict {
    const started = performance.now()
    const at = this.latest?.t
    const graded = this.final()
    this.#costMs = performance.now() - started
    this.grades++
    const { verdict } = graded
    // until the series can be graded at all, try again every second: the baselines after
    // start-up (what the view's changes are taken from) come from the first verdict
    const every = verdict ? this.#gradeEveryMs : Math.min(this.#gradeEveryMs, 1000)
    this.#nextGradeAt = (at ?? 0) + Math.max(every, 50 * this.#costMs)
    if (!verdict || (verdict.inconclusive && verdict.status !== 'fail')) {
      this.running = { status: 'collecting', ...(verdict ? { verdict, reason: verdict.reasons[0] } : {}), ...(at === undefined ? {} : { at }) }
    } else {
      this.running = { status: verdict.status, verdict, ...(verdict.reasons[0] === undefined ? {} : { reason: verdict.reasons[0] }), ...(at === undefined ? {} : { at }) }
    }
    return this.running
  }

  /** The verdict on everything so far, or why the series cannot be graded (too few samples). */
  final(): FinalVerdict {
    try {
      return { verdict: gradeSeries(this.series.samples, this.#policy) }
    } catch (err) {
      if (err instanceof GraderError) return { error: err.message }
      throw err
    }
  }

  /**
   * The metric's baseline: the level after start-up, once a verdict has one for its layer.
   * Not the first sample's: a program's own start-up (20 MiB to 45 MiB as Node loads) would
   * show as growth.
   */
  baseline(key: MetricKey): number | undefined {
    const metric = METRICS.find((m) => m.key === key) as (typeof METRICS)[number]
    return this.running.verdict?.layers.find((l) => l.layer === metric.layer)?.baseline
  }

  /** What the state holds, in samples and buckets: bounded however long the watch runs. */
  retained(): { samples: number; sparkBuckets: number } {
    return {
      samples: this.series.samples.length,
      sparkBuckets: Object.values(this.sparklines).reduce((n, line) => n + line.buckets, 0),
    }
  }
}
