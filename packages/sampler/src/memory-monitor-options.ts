import { performance } from 'node:perf_hooks'
import { badInterval, badOption } from './errors.js'
import type { MemoryWarning } from './memory-monitor-events.js'

/** Options of `new MemoryMonitor(options)`; every one has a default. */
export interface MemoryMonitorOptions {
  /** Warn when sustained growth over the baseline passes this percentage. Default 30. */
  thresholdPct?: number
  /** Milliseconds between checks once started. Default 60,000. */
  intervalMs?: number
  /**
   * Milliseconds after construction during which nothing warns; the baseline is set at the
   * first check at or after it. Make it longer than the app's own warm-up (caches filling,
   * V8 sizing its heap). Default 300,000 (5 minutes); 0 takes the reading at construction.
   */
  warmupMs?: number
  /**
   * How many of the newest readings must all be past a level before it warns (and all back
   * below `thresholdPct − hysteresisPct` before it recovers). A spike, or a GC sawtooth whose
   * teeth are shorter than this window, never warns. At least 2. Default 5.
   */
  windowChecks?: number
  /** After a warning, warn again only when growth passes the next level, this many percentage points higher. Default 10. */
  stepPct?: number
  /** After a warning, emit `'recovered'` once growth is below `thresholdPct` minus this many points. Default 5. */
  hysteresisPct?: number
  /**
   * Also called on every warning (it is added as a `'warning'` listener). With no `'warning'`
   * listener at all, warnings go to `process.emitWarning` (code `LEAKWATCH_MEMORY_GROWTH`).
   */
  onWarning?: (warning: MemoryWarning) => void
  /** Reads the memory to watch, bytes above 0. Default: this process's RSS. */
  measure?: () => number
  /** A monotonic clock in milliseconds, for the warm-up and the trend. Default `performance.now()`. */
  now?: () => number
}

/** @internal The options with their defaults filled in, checked. */
export type ResolvedMemoryMonitorOptions = Required<Omit<MemoryMonitorOptions, 'onWarning'>> &
  Pick<MemoryMonitorOptions, 'onWarning'>

/** @internal Fills in defaults; throws a `SamplerError` that names the first bad option. */
export function resolveMemoryMonitorOptions(options: MemoryMonitorOptions): ResolvedMemoryMonitorOptions {
  const {
    thresholdPct = 30,
    intervalMs = 60_000,
    warmupMs = 300_000,
    windowChecks = 5,
    stepPct = 10,
    hysteresisPct = 5,
    onWarning,
    measure = () => process.memoryUsage.rss(),
    now = () => performance.now(),
  } = options
  const positive = { thresholdPct, stepPct }
  for (const [name, value] of Object.entries(positive)) {
    if (!(Number.isFinite(value) && value > 0)) throw badOption(`${name} must be a number above 0, got ${show(value)}`)
  }
  if (!(Number.isFinite(hysteresisPct) && hysteresisPct >= 0)) {
    throw badOption(`hysteresisPct must be a number of at least 0, got ${show(hysteresisPct)}`)
  }
  if (!(Number.isSafeInteger(intervalMs) && intervalMs >= 1)) throw badInterval(intervalMs, 'intervalMs')
  if (!(Number.isSafeInteger(warmupMs) && warmupMs >= 0)) {
    throw badOption(`warmupMs must be a whole number of milliseconds of at least 0, got ${show(warmupMs)}`)
  }
  // One reading is not "sustained": a window of 1 would warn on a single spike.
  if (!(Number.isSafeInteger(windowChecks) && windowChecks >= 2)) {
    throw badOption(`windowChecks must be a whole number of at least 2, got ${show(windowChecks)}`)
  }
  const functions = { onWarning, measure, now }
  for (const [name, value] of Object.entries(functions)) {
    if (value !== undefined && typeof value !== 'function') throw badOption(`${name} must be a function, got ${show(value)}`)
  }
  return { thresholdPct, intervalMs, warmupMs, windowChecks, stepPct, hysteresisPct, onWarning, measure, now }
}

function show(value: unknown): string {
  // JSON.stringify would print NaN and Infinity as null
  if (typeof value === 'function') return 'a function'
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
