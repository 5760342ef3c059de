import { describe, expect, it } from 'vitest'
import { median, theilSenSlope } from './_trend.js'

describe('median()', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5], // even count: mean of the middle two
    [[7], 7],
    [[], Number.NaN],
  ])('of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected)
  })
})

describe('theilSenSlope()', () => {
  const line = (ys: number[]) => ys.map((y, t) => ({ t, y }))

  it.each([
    [line([0, 2, 4, 6, 8]), 2], // an exact line: its slope
    [line([0, 2, 400, 6, 8]), 2], // one spike: 6 of the 10 pair slopes are still exactly 2
    [line([5, 5, 5, 5]), 0],
    [line([10, 8, 6]), -2],
  ])('of %j is %s', (points, expected) => {
    expect(theilSenSlope(points)).toBeCloseTo(expected)
  })

  it('is NaN without a pair of distinct times', () => {
    expect(theilSenSlope(line([1]))).toBe(Number.NaN)
    expect(theilSenSlope([{ t: 1, y: 1 }, { t: 1, y: 5 }])).toBe(Number.NaN)
  })
})
