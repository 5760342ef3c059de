import { describe, expect, it } from 'vitest'
import { Decimator } from './_decimator.js'
import { lttb } from './lttb.js'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('lttb()', () => {
  it('keeps the first and the last point', () => {
    const xs = range(10_000)
    const ys = xs.map((x) => Math.sin(x / 50))
    const keep = lttb(xs, ys, 100)
    expect(keep[0]).toBe(0)
    expect(keep.at(-1)).toBe(9_999)
  })

  it.each([
    // [points, threshold, expected size]: never more than the threshold, all of a shorter series
    [10_000, 2000, 2000],
    [10_000, 3, 3],
    [10_000, 2, 2],
    [500, 2000, 500],
    [2001, 2000, 2000],
  ])('turns %i points into %i at most (%i)', (n, threshold, size) => {
    const xs = range(n)
    const keep = lttb(xs, xs.map((x) => Math.cos(x) * x), threshold)
    expect(keep).toHaveLength(size)
    // ascending, no index twice
    for (let i = 1; i < keep.length; i++) expect(keep[i] as number).toBeGreaterThan(keep[i - 1] as number)
  })

  it('keeps a one-point spike in a flat series', () => {
    const xs = range(86_400)
    const ys = xs.map((x) => (x === 51_234 ? 500 : 100))
    expect(lttb(xs, ys, 2000)).toContain(51_234)
    const dip = xs.map((x) => (x === 777 ? -5 : 100))
    expect(lttb(Float64Array.from(xs), Float64Array.from(dip), 50)).toContain(777)
  })

  it('keeps a gap: each run on its own, the first index of the gap between them', () => {
    const xs = range(1000)
    const ys: Array<number | null> = xs.map((x) => (x >= 400 && x < 500 ? null : x % 7))
    const keep = lttb(xs, ys, 100)
    expect(keep).toContain(399)
    expect(keep).toContain(400)
    expect(keep).toContain(500)
    expect(keep).toContain(999)
    // nothing inside the gap but its marker
    expect(keep.filter((i) => i > 400 && i < 500)).toEqual([])
    expect(keep.length).toBeLessThanOrEqual(100)
  })

  it('treats NaN and undefined as gaps too, and a series of nothing as its two ends', () => {
    const ys = [1, 2, Number.NaN, undefined, 5, 6, 7, 8]
    expect(lttb(range(8), ys, 4)).toEqual([0, 1, 2, 4, 7])
    expect(lttb(range(5), [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN], 3)).toEqual([0, 4])
  })
})

describe('Decimator', () => {
  it('holds a day of one-a-second samples in bounded memory and keeps a spike and both ends', () => {
    const d = new Decimator(1024)
    for (let i = 0; i < 86_400; i++) d.push(i, i === 60_001 ? 900 : 100 + (i % 10))
    const { xs, ys } = d.points(2000)
    expect(d.count).toBe(86_400)
    expect(xs).toHaveLength(2000)
    expect(xs[0]).toBe(0)
    expect(xs.at(-1)).toBe(86_399)
    expect(ys[xs.indexOf(60_001)]).toBe(900)
    expect(Math.min(...ys)).toBe(100)
  })

  it('gives back a short series as it came', () => {
    const d = new Decimator()
    for (let i = 0; i < 10; i++) d.push(i * 1000, i * i)
    expect(d.points(2000)).toEqual({ xs: range(10).map((i) => i * 1000), ys: range(10).map((i) => i * i) })
  })
})
