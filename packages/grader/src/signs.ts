import type { Policy } from './policy.js'
import { metricPoints, type SeriesParts } from './series.js'
import { mannKendall } from './stats/mann-kendall.js'
import { theilSenSlope } from './stats/theil-sen.js'
import { thin } from './stats/thin.js'
import type { Metric, Pattern, Trend } from './types.js'

/** The memory leak signs of a series: the numbers, and which of the guide's patterns they show. */
export interface MemorySigns {
  trend: Trend
  patterns: Pattern[]
  /** The late part rises at most `stabilizedRatio` of the early part's rate. */
  stabilized: boolean
  /** The final forced GC gave back at least `recoveredShare` of the growth. */
  recovered: boolean
}

/**
 * Computes the guide's four leak signs on the measured part of a series: linear growth
 * (Theil–Sen slope with a Mann–Kendall test), no stabilization (the last part of the run
 * still rises significantly, at a rate comparable to the first part), cycle correlation (growth per cycle), and no recovery under the final GC.
 */
export function memorySigns(
  parts: SeriesParts,
  metric: Metric,
  policy: Policy,
  initial: number,
  final: number,
): MemorySigns {
  const { alpha, minTrendPct, latePart, lateRatio, stabilizedRatio, recoveredShare, maxPoints } = policy.trend
  const points = metricPoints(parts.memory, metric)
  const { xs, ys } = thin(points.ts, points.values, maxPoints)
  const span = (xs.at(-1) ?? 0) - (xs[0] ?? 0)
  const minRise = (minTrendPct / 100) * initial

  const slope = theilSenSlope(xs, ys)
  const whole = mannKendall(ys)
  // the first and the last part of the run, by time
  const earlyEnd = xs.findLastIndex((x) => x <= (xs[0] ?? 0) + latePart * span)
  const lateStart = xs.findIndex((x) => x >= (xs[0] ?? 0) + (1 - latePart) * span)
  const earlySlope = theilSenSlope(xs.slice(0, earlyEnd + 1), ys.slice(0, earlyEnd + 1))
  const lateSlope = theilSenSlope(xs.slice(lateStart), ys.slice(lateStart))
  const late = mannKendall(ys.slice(lateStart))
  // a run that was flat at first and rises later compares with the whole run instead
  const reference = earlySlope > 0 ? earlySlope : slope
  const ratio = reference > 0 ? lateSlope / reference : 0

  const trend: Trend = {
    bytesPerSecond: slope,
    p: whole.p,
    tau: whole.tau,
    earlyBytesPerSecond: earlySlope,
    lateBytesPerSecond: lateSlope,
    lateP: late.p,
    lateRatio: ratio,
  }
  const patterns: Pattern[] = []
  const linear = whole.p < alpha && slope > 0 && slope * span >= minRise
  if (linear) patterns.push('linear-growth')
  if (linear && late.p < alpha && ratio >= lateRatio) patterns.push('no-stabilization')

  const cycled = cycleTrend(points, maxPoints)
  if (cycled) {
    trend.bytesPerCycle = cycled.slope
    trend.cycleP = cycled.p
    if (cycled.p < alpha && cycled.slope > 0 && cycled.slope * cycled.span >= minRise) patterns.push('cycle-correlation')
  }

  let recovered = false
  const afterGc = metricPoints(parts.afterMeasure, metric).values
  if (afterGc.length > 0) {
    trend.afterGc = Math.min(...afterGc)
    const growth = final - initial
    if (growth > 0) {
      trend.gcRecovered = Math.min(1, Math.max(0, (final - trend.afterGc) / growth))
      recovered = trend.gcRecovered >= recoveredShare
      if (growth >= minRise && !recovered) patterns.push('no-gc-recovery')
    }
  }
  return { trend, patterns, stabilized: ratio <= stabilizedRatio, recovered }
}

/** The metric over the cycle number, where at least three measured samples carry a cycle. */
function cycleTrend(points: ReturnType<typeof metricPoints>, maxPoints: number) {
  const cs: number[] = []
  const vs: number[] = []
  points.cycles.forEach((c, i) => {
    if (c !== undefined) {
      cs.push(c)
      vs.push(points.values[i] as number)
    }
  })
  if (cs.length < 3 || cs[0] === cs.at(-1)) return undefined
  const { xs, ys } = thin(cs, vs, maxPoints)
  return { slope: theilSenSlope(xs, ys), p: mannKendall(ys).p, span: (xs.at(-1) as number) - (xs[0] as number) }
}
