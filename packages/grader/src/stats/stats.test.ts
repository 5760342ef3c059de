import { describe, expect, it } from 'vitest'
import { mannKendall } from './mann-kendall.js'
import { median } from './median.js'
import { normalCdf } from './normal.js'
import { theilSenSlope } from './theil-sen.js'
import { thin } from './thin.js'

describe('median()', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
    [[-1, -5, 10, 0, 2], 0],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected)
  })

  it('agrees with sorting on random arrays of every small length, ties included', () => {
    let seed = 7
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 50) - 25
    for (let n = 1; n <= 60; n++) {
      for (let round = 0; round < 20; round++) {
        const values = Array.from({ length: n }, next)
        const sorted = [...values].sort((a, b) => a - b)
        const expected = n % 2 ? sorted[n >> 1] : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2
        expect(median(values)).toBe(expected)
      }
    }
  })

  it('is NaN for no values', () => {
    expect(median([])).toBeNaN()
  })
})

describe('normalCdf()', () => {
  // reference values of Φ from standard normal tables
  it.each([
    [0, 0.5],
    [1, 0.8413447],
    [-1, 0.1586553],
    [1.959964, 0.975],
    [2.326348, 0.99],
    [3, 0.9986501],
    [-3.719016, 0.0001],
  ])('Φ(%d) = %d', (z, p) => {
    expect(normalCdf(z)).toBeCloseTo(p, 6)
  })
})

describe('theilSenSlope()', () => {
  it('is the slope of a straight line', () => {
    const xs = [0, 1, 2, 3, 4, 5]
    expect(theilSenSlope(xs, xs.map((x) => 3 * x + 7))).toBeCloseTo(3)
  })

  it('ignores a few wild points that drag least squares off', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i)
    const ys = xs.map((x) => 2 * x)
    ys[18] = 500 // a GC spike
    ys[19] = 900
    expect(theilSenSlope(xs, ys)).toBeCloseTo(2)
  })

  it('skips pairs taken at the same x', () => {
    expect(theilSenSlope([1, 1, 2], [5, 9, 7])).toBe(0)
    expect(theilSenSlope([1, 1], [5, 9])).toBe(0)
  })
})

describe('mannKendall()', () => {
  it('scores a strictly rising series: S = n(n-1)/2, tau = 1', () => {
    const r = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    // var S = 10·9·25/18 = 125; z = (45 - 1)/√125 = 3.9355
    expect(r).toMatchObject({ s: 45, tau: 1 })
    expect(r.z).toBeCloseTo(3.9355, 4)
    expect(r.p).toBeCloseTo(4.15e-5, 6)
  })

  it('gives a falling series a p near 1', () => {
    expect(mannKendall([5, 4, 3, 2, 1]).p).toBeGreaterThan(0.95)
  })

  it('corrects the variance for ties', () => {
    // S = 4 (pairs: 1<2, 1<2, 1<3, 2<3, 2<3 rise; 2=2 tie) → 5; groups: one tie of 2
    // var = (4·3·13 - 2·1·9)/18 = 138/18; z = (5 - 1)/√(7.667) = 1.4446
    const r = mannKendall([1, 2, 2, 3])
    expect(r.s).toBe(5)
    expect(r.z).toBeCloseTo(1.4446, 4)
  })

  it('says nothing about one or two points', () => {
    expect(mannKendall([1]).p).toBeCloseTo(0.5, 6)
    expect(mannKendall([1, 2]).p).toBeCloseTo(0.5, 6)
  })
})

describe('thin()', () => {
  it('leaves a short series alone', () => {
    expect(thin([1, 2, 3], [4, 5, 6], 10)).toEqual({ xs: [1, 2, 3], ys: [4, 5, 6] })
  })

  it('cuts a long series into runs: mean x, median y', () => {
    const xs = [0, 1, 2, 3, 4, 5]
    const ys = [10, 99, 11, 12, 13, -50]
    expect(thin(xs, ys, 2)).toEqual({ xs: [1, 4], ys: [11, 12] })
  })
})
