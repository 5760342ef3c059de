import type { Sample } from '@leakwatch/contracts'

/**
 * What a verdict can be decided by. Memory: `heap` (JS heap in use after a forced GC),
 * `buffers` (Buffers, ArrayBuffers and other memory V8 objects hold outside the heap: Node's
 * `external`, which includes `arrayBuffers`), `native` (malloc's bytes in use), `outside` (RSS
 * beyond the V8 heap and malloc: thread stacks, worker heaps, addons with their own
 * allocator, pages the allocator keeps) and `rss` (the only memory layer of a process seen
 * from outside). Counters: `processes` (other live processes in the scenario's process group:
 * children and grandchildren it started), `threads` (OS threads), `fds` (open file
 * descriptors), `resources` (live libuv resources: timers, sockets, …).
 */
export type LayerName = 'heap' | 'buffers' | 'native' | 'outside' | 'rss' | 'processes' | 'threads' | 'fds' | 'resources'

export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'error'

/** The guide's four leak signs, and the counters that must come back after teardown. */
export type Pattern =
  | 'linear-growth'
  | 'no-stabilization'
  | 'cycle-correlation'
  | 'no-gc-recovery'
  | 'process-leak'
  | 'thread-leak'
  | 'handle-leak'

export type TierName = 'short' | 'medium' | 'long'

/**
 * How a layer moved over the measured run:
 * - `flat`: no growth worth a word;
 * - `levelled`: it rose (during warm-up or early in the run) and levelled off: a plateau;
 * - `settling`: it still rises at the end, but more slowly: it may be levelling off;
 * - `rising`: it keeps rising to the end of the run;
 * - `noisy`: the late slope is too uncertain to say.
 */
export type Shape = 'flat' | 'levelled' | 'settling' | 'rising' | 'noisy'

/** The late slope of a layer, with its uncertainty. */
export interface Slope {
  /** Theil–Sen slope of the late part of the run, per x unit (per cycle, or per second). */
  value: number
  /** Lower and upper bound of its 90 % confidence interval (Sen's, from Kendall's S). */
  low: number
  high: number
  /** One-sided Mann–Kendall p-value of a rise in the late part. */
  p: number
  /** What one x unit is. */
  per: 'cycle' | 'second'
  /** The share of the measured run the fit covers, its end (the policy's `trend.latePart`). */
  latePart?: number
}

/** The verdict on one layer, on its own evidence. */
export interface LayerFinding {
  layer: LayerName
  status: 'pass' | 'warn' | 'fail'
  unit: 'bytes' | 'count'
  /** The level after warm-up (the start of the measured run), on the graded envelope. */
  baseline: number
  /** The level at the end of the measured run, on the graded envelope. */
  final: number
  /** (final − baseline) / baseline, %. */
  rosePct: number
  /**
   * What this layer's percentages are taken of: its baseline, but at least the policy's floor
   * (`memory.minBaselineBytes` for bytes, 1 for counts), so a small layer is not failed for a few KiB.
   */
  percentOf?: number
  /** Late slope and its uncertainty (memory layers, and counters of a series without teardown). */
  slope?: Slope
  /** The growth the late slope adds over the whole measured run, in % of the baseline. */
  projectedPct?: number
  shape?: Shape
  /** The program released memory periodically; the layer was graded on its troughs. */
  troughs?: boolean
  /** How much evidence the finding rests on. */
  evidence: { points: number; latePoints: number; spanMs: number; cycles?: number }
  /** Counters: by type or kind, what grew (e.g. `{ Timeout: 600 }`). */
  grew?: Record<string, number>
  /** One line, with numbers. */
  reason: string
}

/** The numbers behind the guide's leak signs, on the layer that decided (or RSS). */
export interface Trend {
  layer: LayerName
  /** Theil–Sen slope over the whole measured run, bytes per second. */
  bytesPerSecond: number
  /** Theil–Sen slope over the cycle number, where cycles are known. */
  bytesPerCycle?: number
  /** One-sided Mann–Kendall p-value for a rise over the whole run. */
  p: number
  /** Kendall's tau of the whole run, -1 to 1. */
  tau: number
  /** Late slope, bytes per second. */
  lateBytesPerSecond: number
  /** Mann–Kendall p-value of the late part alone. */
  lateP: number
  /** Value after the final forced GC, where the series has one. */
  afterGc?: number
  /** Share of the growth that the final GC gave back, 0 to 1. */
  gcRecovered?: number
}

/** A counter (processes, threads, open fds, live resources) at the baseline and after teardown. */
export interface CounterChange {
  initial: number
  final: number
  /** What grew, by type or kind, when the samples say (`Timeout: +600`, `socket: +12`). */
  grew?: Record<string, number>
}

export interface Verdict {
  status: Status
  /** The layer whose finding decided a warn or fail; absent on a pass. */
  decidedBy?: LayerName
  /** Too little evidence to decide: the status is warn, never pass. */
  inconclusive?: boolean
  /**
   * Why more cycles would settle the verdict (a late trend that is neither clearly levelling
   * nor clearly significant, or too few checkpoints); absent when the verdict is clear. The
   * runner extends a run while this is set, within its bounds.
   */
  extend?: string
  /** RSS at the baseline and at the end of the measured run, bytes: the guide's headline. */
  initial: number
  final: number
  growth: number
  growthPct: number
  /** Measured span, milliseconds. */
  durationMs: number
  /** Measured cycles, where cycles are known. */
  cycles?: number
  /** Where the measured part of a series without phases began (its start-up left out), ms. */
  startupMs?: number
  tier: TierName
  thresholds: { warnPct: number; failPct: number }
  /** Every layer the series measures, each with its own finding. */
  layers: LayerFinding[]
  trend: Trend
  patterns: Pattern[]
  /** Other processes in the scenario's process group, before setup and after teardown (a scenario run only). */
  processes?: CounterChange
  threads?: CounterChange
  handles?: CounterChange
  resources?: CounterChange
  /** One line each, with numbers: why this status. The first says which layer decided and why. */
  reasons: string[]
  /** What to do next, for the pattern found. */
  actions: string[]
}
