import type { Sample } from '@leakwatch/contracts'
import { describe, expect, it } from 'vitest'
import { gradeSeries } from '../src/index.js'
import { MiB } from './_runs.js'

const checkpoints = (fields: (i: number) => Partial<Sample>): Sample[] =>
  Array.from({ length: 20 }, (_, i) => ({ t: i * 1000, rss: 100 * MiB, cycle: i * 10, phase: 'measure' as const, ...fields(i) }))

describe('gradeSeries(): a series that measured nothing is an error, never NaN %', () => {
  it.each([
    ['RSS is 0 in every sample (sampled from outside)', Array.from({ length: 20 }, (_, i): Sample => ({ t: i * 1000, rss: 0 })), /^rss must be a number above 0, got 0 at t = \d+$/],
    ['RSS is 0 in every checkpoint', checkpoints(() => ({ rss: 0 })), /^rss must be a number above 0, got 0 at t = 0$/],
    ['the JS heap is 0 in every checkpoint', checkpoints(() => ({ heapUsed: 0 })), /^JS heap is 0 in every measured sample: not a measurement$/],
    ['the native heap is 0 in every checkpoint', checkpoints(() => ({ nativeHeap: 0 })), /^Native heap \(malloc\) is 0 in every measured sample: not a measurement$/],
  ])('%s: LEAKWATCH_BAD_SERIES, one line', (_, series, message) => {
    let error: unknown
    try {
      gradeSeries(series)
    } catch (err) {
      error = err
    }
    expect(error).toMatchObject({ name: 'GraderError', code: 'LEAKWATCH_BAD_SERIES' })
    expect((error as Error).message).toMatch(message)
  })

  it('gives percentages of a layer that starts at 0 even without a small-layer floor', () => {
    const verdict = gradeSeries(checkpoints((i) => ({ heapUsed: i < 3 ? 0 : 6 * MiB })), { memory: { minBaselineBytes: 0 } })
    const text = JSON.stringify(verdict)
    expect(text).not.toMatch(/NaN|null/)
    expect(verdict.reasons.join('\n')).not.toContain('NaN')
    expect(verdict.layers.every((l) => Number.isFinite(l.rosePct))).toBe(true)
  })
})
