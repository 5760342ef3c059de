/** Numbers in order, as the chart code holds them: a typed array or a plain one. */
export type NumberSeries = ArrayLike<number | null | undefined>

/**
 * Largest-Triangle-Three-Buckets (Steinarsson, 2013): the indices of at most `threshold`
 * points of a series that keep its look, spikes and dips included, for drawing. The first
 * and last points are always kept.
 *
 * A value that is not a finite number (NaN, null, undefined) is a gap: each run of finite
 * values is downsampled on its own (its share of `threshold` by its length, its own first
 * and last point kept), and the first index of each gap is kept between them, so a line
 * drawn through the result breaks where the data did. Each run keeps at least its two ends,
 * so a series broken into more than `threshold / 2` runs yields more than `threshold` points.
 *
 * @example
 * const keep = lttb(ts, rss, 2000) // ascending indices into ts and rss
 * const shown = keep.map((i) => [ts[i], rss[i]])
 */
export function lttb(xs: NumberSeries, ys: NumberSeries, threshold: number): number[] {
  const n = Math.min(xs.length, ys.length)
  const limit = Math.max(2, Math.floor(threshold))
  if (n <= limit) return Array.from({ length: n }, (_, i) => i)
  const runs = finiteRuns(xs, ys, n)
  if (runs.length === 0) return [0, n - 1]
  // first index after each run, where it is a gap that another run follows
  const gaps = runs.slice(0, -1).map(([, end]) => end)
  const finite = runs.reduce((sum, [from, end]) => sum + end - from, 0)
  const budget = Math.max(2 * runs.length, limit - gaps.length)
  const out: number[] = []
  runs.forEach(([from, end], r) => {
    const share = Math.max(2, Math.floor((budget * (end - from)) / finite))
    lttbRun(xs, ys, from, end, share, out)
    const gap = gaps[r]
    if (gap !== undefined) out.push(gap)
  })
  return out
}

/** The runs [from, end) of points whose x and y are both finite. */
function finiteRuns(xs: NumberSeries, ys: NumberSeries, n: number): Array<[number, number]> {
  const runs: Array<[number, number]> = []
  let from = -1
  for (let i = 0; i < n; i++) {
    const ok = Number.isFinite(xs[i]) && Number.isFinite(ys[i])
    if (ok && from < 0) from = i
    else if (!ok && from >= 0) {
      runs.push([from, i])
      from = -1
    }
  }
  if (from >= 0) runs.push([from, n])
  return runs
}

/** LTTB over xs[from, end), every value finite, appending at most `threshold` indices to `out`. */
function lttbRun(xs: NumberSeries, ys: NumberSeries, from: number, end: number, threshold: number, out: number[]): void {
  const n = end - from
  if (n <= threshold) {
    for (let i = from; i < end; i++) out.push(i)
    return
  }
  const x = (i: number) => xs[i] as number
  const y = (i: number) => ys[i] as number
  // the first and last points are their own buckets; the rest share threshold - 2 buckets
  const every = (n - 2) / (threshold - 2)
  let a = from
  out.push(a)
  for (let b = 0; b < threshold - 2; b++) {
    const start = from + 1 + Math.floor(b * every)
    // the last bucket ends before the last point, whatever the rounding of `every`
    const stop = b === threshold - 3 ? end - 1 : from + 1 + Math.floor((b + 1) * every)
    // the third vertex: the average of the next bucket (the last point after the last bucket)
    const nextStart = stop
    const nextStop = b === threshold - 3 ? end : b === threshold - 4 ? end - 1 : from + 1 + Math.floor((b + 2) * every)
    let avgX = 0
    let avgY = 0
    const count = Math.max(1, nextStop - nextStart)
    if (nextStop > nextStart) {
      for (let i = nextStart; i < nextStop; i++) {
        avgX += x(i)
        avgY += y(i)
      }
      avgX /= count
      avgY /= count
    } else {
      avgX = x(end - 1)
      avgY = y(end - 1)
    }
    let best = start
    let bestArea = -1
    const ax = x(a)
    const ay = y(a)
    for (let i = start; i < stop; i++) {
      const area = Math.abs((ax - avgX) * (y(i) - ay) - (ax - x(i)) * (avgY - ay))
      if (area > bestArea) {
        bestArea = area
        best = i
      }
    }
    out.push(best)
    a = best
  }
  out.push(end - 1)
}
