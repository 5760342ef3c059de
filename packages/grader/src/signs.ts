import type { Points } from './envelope.js'
import { percentBase } from './judge-memory.js'
import type { Policy, TierPolicy } from './policy.js'
import { mannKendall } from './stats/mann-kendall.js'
import { theilSenSlope } from './stats/theil-sen.js'
import { thin } from './stats/thin.js'
import type { LayerFinding, Pattern, Trend } from './types.js'

/**
 * The guide's four leak signs, on the layer that decided (or RSS on a pass). They no longer
 * decide: they explain a decision made on sustained growth, in the guide's words.
 * - `linear-growth`: the whole measured run rises (Mann–Kendall) by at least the slow-leak
 *   share of the tier's warnPct;
 * - `no-stabilization`: the layer keeps rising to the end of the run (its finding's shape);
 * - `cycle-correlation`: the same rise over the cycle number, in bytes per cycle;
 * - `no-gc-recovery`: the final forced GC gave back less than half of the growth.
 */
export function memorySigns(
  points: Points,
  finding: LayerFinding,
  afterGc: readonly number[],
  policy: Policy,
  tier: TierPolicy,
  cyclesKnown: boolean,
): { trend: Trend; patterns: Pattern[] } {
  const { alpha, maxPoints } = policy.trend
  const byTime = thin(points.ts, points.ys, maxPoints)
  const whole = mannKendall(byTime.ys)
  const perSecond = theilSenSlope(byTime.xs, byTime.ys)
  const span = (byTime.xs.at(-1) ?? 0) - (byTime.xs[0] ?? 0)
  const minRise = ((policy.trend.slowShare * tier.warnPct) / 100) * percentBase(finding.baseline, finding.unit, policy)
  const late = finding.slope
  const trend: Trend = {
    layer: finding.layer,
    bytesPerSecond: perSecond,
    p: whole.p,
    tau: whole.tau,
    lateBytesPerSecond: late === undefined ? 0 : late.per === 'second' ? late.value : lateToSeconds(late.value, points),
    lateP: late?.p ?? 1,
  }
  const patterns: Pattern[] = []
  if (whole.p < alpha && perSecond > 0 && perSecond * span >= minRise) patterns.push('linear-growth')
  if (finding.shape === 'rising') patterns.push('no-stabilization')
  if (cyclesKnown) {
    const byCycle = thin(points.xs, points.ys, maxPoints)
    const perCycle = theilSenSlope(byCycle.xs, byCycle.ys)
    trend.bytesPerCycle = perCycle
    const cycles = (byCycle.xs.at(-1) ?? 0) - (byCycle.xs[0] ?? 0)
    if (mannKendall(byCycle.ys).p < alpha && perCycle > 0 && perCycle * cycles >= minRise) patterns.push('cycle-correlation')
  }
  if (afterGc.length > 0) {
    trend.afterGc = Math.min(...afterGc)
    const growth = finding.final - finding.baseline
    if (growth > 0) {
      trend.gcRecovered = Math.min(1, Math.max(0, (finding.final - trend.afterGc) / growth))
      if (growth >= minRise && trend.gcRecovered < 0.5) patterns.push('no-gc-recovery')
    }
  }
  return { trend, patterns }
}

/** A per-cycle slope in per-second terms, at the run's average pace. */
function lateToSeconds(perCycle: number, points: Points): number {
  const cycles = (points.xs.at(-1) ?? 0) - (points.xs[0] ?? 0)
  const seconds = (points.ts.at(-1) ?? 0) - (points.ts[0] ?? 0)
  return seconds > 0 ? (perCycle * cycles) / seconds : 0
}
