import { normalCdf } from './normal.js'

/** A Theil–Sen slope with Sen's distribution-free confidence interval. */
export interface SenSlope {
  slope: number
  /** Bounds of the two-sided interval at 1 − 2·alpha (so each bound is a one-sided test at alpha). */
  low: number
  high: number
}

/**
 * Theil–Sen slope and Sen's (1968) confidence interval: the pairwise slopes are sorted and the
 * bounds are the ones `C = z·√Var(S)` ranks either side of the middle, where Var(S) is the
 * Mann–Kendall variance of S with the tie correction. It assumes independent noise: callers
 * grade checkpoints taken after a forced GC, or block minima of a dense series, not raw
 * samples taken milliseconds apart. O(n² log n).
 */
export function senSlope(xs: ArrayLike<number>, ys: ArrayLike<number>, alpha: number): SenSlope {
  const n = Math.min(xs.length, ys.length)
  const slopes: number[] = []
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (xs[j] as number) - (xs[i] as number)
      if (dx !== 0) slopes.push(((ys[j] as number) - (ys[i] as number)) / dx)
    }
  }
  if (slopes.length === 0) return { slope: 0, low: 0, high: 0 }
  slopes.sort((a, b) => a - b)
  const count = slopes.length
  const mid = count >> 1
  const slope = count % 2 ? (slopes[mid] as number) : ((slopes[mid - 1] as number) + (slopes[mid] as number)) / 2
  const c = normalQuantile(1 - alpha) * Math.sqrt(kendallVariance(ys, n))
  // ranks are 1-based in Sen's formulas: M1 = (N − C)/2, M2 = (N + C)/2 + 1
  const lowRank = Math.max(1, Math.floor((count - c) / 2))
  const highRank = Math.min(count, Math.ceil((count + c) / 2) + 1)
  return { slope, low: slopes[lowRank - 1] as number, high: slopes[highRank - 1] as number }
}

/** Var(S) of Mann–Kendall for n values, corrected for groups of equal values. */
function kendallVariance(ys: ArrayLike<number>, n: number): number {
  const counts = new Map<number, number>()
  for (let i = 0; i < n; i++) counts.set(ys[i] as number, (counts.get(ys[i] as number) ?? 0) + 1)
  let v = n * (n - 1) * (2 * n + 5)
  for (const t of counts.values()) if (t > 1) v -= t * (t - 1) * (2 * t + 5)
  return Math.max(0, v / 18)
}

/** The standard normal quantile Φ⁻¹(p), by bisection on Φ (60 halvings: exact to double precision). */
export function normalQuantile(p: number): number {
  let lo = -40
  let hi = 40
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (normalCdf(mid) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
