// Small robust statistics for MemoryMonitor. The sampler depends on nothing of leakwatch's,
// so these live here rather than coming from @leakwatch/grader.

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Theil–Sen slope: the median of the slopes between every pair of points, in units of `y`
 * per unit of `t`. Robust to a few outliers (a GC peak moves it far less than a least-squares
 * fit), and cheap for the handful of points of a monitor's window. NaN with fewer than 2
 * points of distinct `t`.
 */
export function theilSenSlope(points: readonly { t: number; y: number }[]): number {
  const slopes: number[] = []
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i]!
      const b = points[j]!
      if (b.t !== a.t) slopes.push((b.y - a.y) / (b.t - a.t))
    }
  }
  return median(slopes)
}
