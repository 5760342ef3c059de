// MemoryMonitor's rule, as a pure function of one window: kept apart so it reads in one place.

/** @internal The thresholds the rule needs, percent, as in `MemoryMonitorOptions`. */
export interface MemoryRule {
  thresholdPct: number
  stepPct: number
  hysteresisPct: number
}

/** @internal What one check decides: warn at a level, recover, or nothing. */
export type MemoryDecision = { kind: 'warn'; level: number } | { kind: 'recover' } | undefined

/**
 * @internal
 * `lowestPct` and `highestPct` are the growth over the baseline of the window's lowest and
 * highest readings; `standing` is the level last warned about, if any.
 *
 * - recover when a level stands and even the highest reading is below `thresholdPct − hysteresisPct`;
 * - warn when even the lowest reading is past `thresholdPct`, at the highest level it passed
 *   (`thresholdPct + k × stepPct`, crossed strictly like the threshold), if that level is
 *   above the standing one.
 */
export function decide(lowestPct: number, highestPct: number, standing: number | undefined, rule: MemoryRule): MemoryDecision {
  const { thresholdPct, stepPct, hysteresisPct } = rule
  if (standing !== undefined && highestPct < thresholdPct - hysteresisPct) return { kind: 'recover' }
  if (!(lowestPct > thresholdPct)) return undefined
  const level = thresholdPct + (Math.ceil((lowestPct - thresholdPct) / stepPct) - 1) * stepPct
  return standing === undefined || level > standing ? { kind: 'warn', level } : undefined
}
