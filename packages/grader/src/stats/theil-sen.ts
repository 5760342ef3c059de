import { medianInPlace } from './median.js'

/**
 * The Theil–Sen slope: the median of the slopes between every pair of points. Up to 29 %
 * of the points can be wild (a GC spike, a page-in) without moving it, unlike least squares.
 * O(n²): callers thin long series first (see `thin`).
 */
export function theilSenSlope(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const n = Math.min(xs.length, ys.length)
  const slopes = new Float64Array((n * (n - 1)) / 2)
  let count = 0
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (xs[j] as number) - (xs[i] as number)
      if (dx !== 0) slopes[count++] = ((ys[j] as number) - (ys[i] as number)) / dx
    }
  }
  return count === 0 ? 0 : medianInPlace(slopes.subarray(0, count))
}
