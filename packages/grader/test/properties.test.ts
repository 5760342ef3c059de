import type { Sample } from '@leakwatch/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gradeSeries } from '../src/index.js'
import { random } from './synthetic.mjs'

const MiB = 2 ** 20

/** Arbitrary measured series: length, run length, baseline, and a seed for the noise. */
const seriesShape = fc.record({
  n: fc.integer({ min: 20, max: 400 }),
  durationMs: fc.integer({ min: 1_000, max: 4 * 3_600_000 }),
  base: fc.double({ min: 20 * MiB, max: 4096 * MiB, noNaN: true }),
  noisePct: fc.double({ min: 0, max: 3, noNaN: true }),
  seed: fc.integer(),
  withCycles: fc.boolean(),
})

type Shape = typeof seriesShape extends fc.Arbitrary<infer T> ? T : never

function build(shape: Shape, rise: (f: number) => number): Sample[] {
  const rand = random(shape.seed)
  return Array.from({ length: shape.n }, (_, i) => {
    const f = i / (shape.n - 1)
    const noise = (rand() * 2 - 1) * (shape.noisePct / 100)
    const sample: Sample = { t: f * shape.durationMs, rss: shape.base * (1 + rise(f) + noise), phase: 'measure' }
    if (shape.withCycles) sample.cycle = i
    return sample
  })
}

// each property grades a few hundred series of up to 400 points: seconds on a busy machine
describe('gradeSeries() properties', { timeout: 60_000 }, () => {
  it('never fails a flat series with noise up to ±3 %', () => {
    fc.assert(
      fc.property(seriesShape, (shape) => {
        expect(gradeSeries(build(shape, () => 0)).status).not.toBe('fail')
      }),
      { numRuns: 150 },
    )
  })

  it('never fails a plateau: any rise that stops before the late part of the run', () => {
    fc.assert(
      fc.property(seriesShape, fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0.05, max: 0.45, noNaN: true }), (shape, height, until) => {
        const series = build({ ...shape, noisePct: Math.min(shape.noisePct, 0.5) }, (f) => height * Math.min(1, f / until))
        expect(gradeSeries(series).status).not.toBe('fail')
      }),
      { numRuns: 150 },
    )
  })

  it('never passes a series that rises linearly past the fail threshold', () => {
    fc.assert(
      fc.property(seriesShape, fc.double({ min: 1.05, max: 20, noNaN: true }), (shape, overFail) => {
        // the fail threshold of the run's tier, times a factor above 1
        const failPct = shape.durationMs < 60_000 ? 10 : shape.durationMs < 600_000 ? 15 : 20
        const series = build({ ...shape, noisePct: Math.min(shape.noisePct, 0.5) }, (f) => (failPct / 100) * overFail * f)
        expect(gradeSeries(series).status).not.toBe('pass')
      }),
      { numRuns: 150 },
    )
  })

  it('gives the same status when every timestamp shifts or every memory value scales', () => {
    fc.assert(
      fc.property(
        seriesShape,
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (shape, risePct, shiftMs, scale) => {
          const big = { ...shape, base: Math.max(shape.base, 100 * MiB) } // above the small-layer floor at any scale used
          const series = build(big, (f) => risePct * f)
          const status = gradeSeries(series).status
          expect(gradeSeries(series.map((s) => ({ ...s, t: s.t + shiftMs }))).status).toBe(status)
          expect(gradeSeries(series.map((s) => ({ ...s, rss: s.rss * Math.max(scale, 1) }))).status).toBe(status)
        },
      ),
      { numRuns: 100 },
    )
  })
})
