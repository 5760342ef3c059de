import { median } from './stats/median.js'

/** Points of a layer: x (cycle or seconds), t (seconds), y. */
export interface Points {
  xs: number[]
  ts: number[]
  ys: number[]
}

/**
 * Cuts a long series into `blocks` runs of consecutive points and keeps, of each, the mean x
 * and t and the minimum y. Memory sampled from outside rises between collections and drops
 * after them; the minimum of each block is its trough, the memory still held. It also keeps
 * the O(n²) statistics fast on a day-long series.
 */
export function blockMinima(points: Points, blocks: number): Points {
  const n = points.ys.length
  if (n <= blocks) return points
  const out: Points = { xs: [], ts: [], ys: [] }
  for (let b = 0; b < blocks; b++) {
    const start = Math.floor((b * n) / blocks)
    const end = Math.floor(((b + 1) * n) / blocks)
    let sx = 0
    let st = 0
    let min = Number.POSITIVE_INFINITY
    for (let i = start; i < end; i++) {
      sx += points.xs[i] as number
      st += points.ts[i] as number
      min = Math.min(min, points.ys[i] as number)
    }
    out.xs.push(sx / (end - start))
    out.ts.push(st / (end - start))
    out.ys.push(min)
  }
  return out
}

/**
 * A program that releases memory every so often (a buffer reset every N cycles) draws a
 * sawtooth: where in a tooth the run ends says nothing about a leak, its troughs do. When
 * the series drops sharply at least twice (a fall of more than six times the typical step,
 * and more than `minDropShare` of its level), each point is replaced by the lowest value of
 * the tooth that ends there (a trailing minimum as wide as the teeth), so the series that is
 * graded is the line through the troughs. Otherwise the series is returned as it is.
 */
export function troughEnvelope(ys: readonly number[], minDropShare = 0.02): { ys: number[]; teeth: number } {
  const n = ys.length
  if (n < 6) return { ys: [...ys], teeth: 0 }
  const steps = ys.slice(1).map((y, i) => y - (ys[i] as number))
  const mid = median(steps)
  const spread = 1.4826 * median(steps.map((d) => Math.abs(d - mid)))
  const level = median(ys)
  const threshold = Math.max(6 * spread, minDropShare * Math.abs(level))
  const drops: number[] = []
  steps.forEach((d, i) => {
    if (d < -threshold) drops.push(i + 1)
  })
  if (drops.length < 2) return { ys: [...ys], teeth: 0 }
  const gaps = drops.slice(1).map((d, i) => d - (drops[i] as number))
  const width = Math.max(2, Math.ceil(median(gaps))) + 1
  const out = ys.map((_, i) => Math.min(...ys.slice(Math.max(0, i - width + 1), i + 1)))
  return { ys: out, teeth: drops.length }
}
