import { median } from './median.js'

/**
 * Shrinks a long series to at most `maxPoints` by cutting it into that many runs of
 * consecutive points and keeping each run's mean x and median y. Keeps the O(n²) tests
 * fast on a 24-hour series and damps the correlation of samples taken close together.
 */
export function thin(xs: readonly number[], ys: readonly number[], maxPoints: number): { xs: number[]; ys: number[] } {
  const n = Math.min(xs.length, ys.length)
  if (n <= maxPoints) return { xs: xs.slice(0, n), ys: ys.slice(0, n) }
  const outX: number[] = []
  const outY: number[] = []
  for (let b = 0; b < maxPoints; b++) {
    const start = Math.floor((b * n) / maxPoints)
    const end = Math.floor(((b + 1) * n) / maxPoints)
    let sumX = 0
    for (let i = start; i < end; i++) sumX += xs[i] as number
    outX.push(sumX / (end - start))
    outY.push(median(ys.slice(start, end)))
  }
  return { xs: outX, ys: outY }
}
