/**
 * One sample of a series, as `@leakwatch/sampler` writes it. The grader imports nothing of
 * leakwatch's, so it states the fields it reads here; a sampler Sample fits as it is.
 */
export interface SeriesSample {
  t: number
  rss: number
  heapUsed?: number
  heapTotal?: number
  external?: number
  arrayBuffers?: number
  nativeHeap?: number
  threads?: number
  handles?: number
  resources?: number
  cpu?: number
  cycle?: number
  phase?: 'warmup' | 'measure' | 'teardown' | 'after'
}

/** The memory figure a verdict is graded on. `external` means external + arrayBuffers. */
export type Metric = 'rss' | 'heapUsed' | 'external' | 'nativeHeap'

export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'error'

/** The guide's four leak signs, and the counters that must come back after teardown. */
export type Pattern =
  | 'linear-growth'
  | 'no-stabilization'
  | 'cycle-correlation'
  | 'no-gc-recovery'
  | 'thread-leak'
  | 'handle-leak'

export type TierName = 'short' | 'medium' | 'long'

/** The numbers behind the leak signs. */
export interface Trend {
  /** Theil–Sen slope of the metric over time, bytes per second. */
  bytesPerSecond: number
  /** Theil–Sen slope over the cycle number, where cycles are known. */
  bytesPerCycle?: number
  /** One-sided Mann–Kendall p-value for a rise over the whole run. */
  p: number
  /** Kendall's tau of the whole run, -1 to 1. */
  tau: number
  /** Theil–Sen slope of the first part of the run, bytes per second. */
  earlyBytesPerSecond: number
  /** Theil–Sen slope of the last part of the run, bytes per second. */
  lateBytesPerSecond: number
  /** Mann–Kendall p-value of the last part alone. */
  lateP: number
  /** The late slope over the early one: about 1 for a steady rise, near 0 for a plateau. */
  lateRatio: number
  /** One-sided Mann–Kendall p-value of the metric over cycles, where cycles are known. */
  cycleP?: number
  /** Metric after the final forced GC, where the series has one. */
  afterGc?: number
  /** Share of the growth that the final GC gave back, 0 to 1. */
  gcRecovered?: number
}

/** A counter (threads, open fds, live resources) at the baseline and after teardown. */
export interface CounterChange {
  initial: number
  final: number
}

/** How one memory layer moved; tells whether the JS heap, buffers or native memory grew. */
export interface LayerGrowth {
  metric: Metric
  initial: number
  final: number
  growthPct: number
}

export interface Verdict {
  status: Status
  metric: Metric
  /** Metric at the baseline and at the end of the measured cycles, bytes. */
  initial: number
  final: number
  growth: number
  growthPct: number
  /** Measured span, milliseconds. */
  durationMs: number
  /** Measured cycles, where cycles are known. */
  cycles?: number
  tier: TierName
  thresholds: { warnPct: number; failPct: number }
  trend: Trend
  patterns: Pattern[]
  threads?: CounterChange
  handles?: CounterChange
  resources?: CounterChange
  layers: LayerGrowth[]
  /** One line each, with numbers: why this status. */
  reasons: string[]
  /** What to do next, for the pattern found. */
  actions: string[]
}
