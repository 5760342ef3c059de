import type { Sample } from '@leakwatch/contracts'
import { describe, expect, it } from 'vitest'
import { gradeSeries, SeriesBuffer } from '../src/index.js'
import { recordedRun } from './_recorded.js'
import { externalSeries, MiB } from './_runs.js'
import { syntheticSeries } from './synthetic.mjs'

function bounded(samples: readonly Sample[], options?: ConstructorParameters<typeof SeriesBuffer>[0]): SeriesBuffer {
  const series = new SeriesBuffer(options)
  let most = 0
  for (const s of samples) {
    series.push(s)
    most = Math.max(most, series.samples.length)
  }
  expect(most).toBeLessThanOrEqual(series.bound)
  expect(series.seen).toBe(samples.length)
  return series
}

/** Grades the whole series and the bounded one, and says what each decided. */
function both(samples: readonly Sample[]): { all: [string, string | undefined]; kept: [string, string | undefined]; size: number } {
  const whole = gradeSeries(samples)
  const series = bounded(samples)
  const part = gradeSeries(series.samples)
  return { all: [whole.status, whole.decidedBy], kept: [part.status, part.decidedBy], size: series.samples.length }
}

const tooth = (f: number, teeth: number) => (f * teeth) % 1

describe('SeriesBuffer: a bounded series grades as the whole one', () => {
  // a scenario run recorded at 100 ms for ~3 hours: 10^5 samples, 200 checkpoints
  it.each([
    ['clean', 'pass', undefined, {}],
    ['a JS heap leak', 'fail', 'heap', { heap: (f: number) => 6 * MiB + 12 * MiB * f }],
    ['a buffer sawtooth with flat troughs', 'pass', undefined, { external: (f: number) => 2 * MiB + 6 * MiB * tooth(f, 10) }],
    ['a buffer sawtooth whose troughs rise', 'fail', 'buffers', { external: (f: number) => 2 * MiB + 6 * MiB * tooth(f, 10) + 6 * MiB * f }],
    ['a thread left after teardown', 'fail', 'threads', { threadsAfter: 12 }],
  ] as const)('a recorded scenario run of 10^5 samples, %s: %s', (_, status, decidedBy, shape) => {
    const result = both(recordedRun({ samples: 100_000, ...shape }))
    expect(result.all).toEqual([status, decidedBy])
    expect(result.kept).toEqual(result.all)
    expect(result.size).toBeLessThan(4000 + 200 + 64)
  })

  // a process sampled from outside every 50 ms for ~14 hours: 10^6 samples, no phases
  it.each([
    ['clean, with garbage collected every 3 s', 'pass', undefined, (s: number) => 100 * MiB + (s % 3) * 2 * MiB],
    ['leaking 5 MB an hour', 'fail', 'rss', (s: number) => 100 * MiB + (s % 3) * 2 * MiB + (5 * MiB * s) / 3600],
    ['a sawtooth released every 20 minutes, flat troughs', 'pass', undefined, (s: number) => 100 * MiB + ((s % 1200) / 1200) * 40 * MiB],
    ['a sawtooth whose troughs rise 4 MB an hour', 'fail', 'rss', (s: number) => 100 * MiB + ((s % 1200) / 1200) * 40 * MiB + (4 * MiB * s) / 3600],
  ] as const)('a process sampled from outside, 10^6 samples, %s: %s', (_, status, decidedBy, rss) => {
    const result = both(externalSeries({ durationMs: 50_000_000 - 50, everyMs: 50, rss, noise: 200_000, threads: (s) => (s < 2 ? 7 : 11) }))
    expect(result.all).toEqual([status, decidedBy])
    expect(result.kept).toEqual(result.all)
    expect(result.size).toBeLessThanOrEqual(4000 + 64)
  })

  // 10^5 checkpoints: more than any plan makes; they are thinned too
  it.each([
    ['flat with noise', 'pass', undefined, { noisePct: 1 }],
    ['rising 30 % to the end', 'fail', 'rss', { noisePct: 1, shape: (f: number) => 0.3 * f }],
    ['a sawtooth with flat troughs', 'pass', undefined, { sawtoothPct: 20 }],
  ] as const)('10^5 checkpoints, %s: %s', (_, status, decidedBy, options) => {
    const result = both(syntheticSeries({ cycles: 100_000, ...options }))
    expect(result.all).toEqual([status, decidedBy])
    expect(result.kept).toEqual(result.all)
    expect(result.size).toBeLessThanOrEqual(4096 + 64)
  })
})

describe('SeriesBuffer: what it keeps', () => {
  it('keeps a short series whole, in order, as the same array throughout', () => {
    const samples = recordedRun({ samples: 1000, checkpoints: 50 })
    const series = new SeriesBuffer()
    const view = series.samples
    for (const s of samples) series.push(s)
    expect(series.samples).toBe(view)
    expect(view).toEqual(samples)
  })

  it('keeps every checkpoint, every phase boundary, the first sample and the last', () => {
    const samples = recordedRun({ samples: 50_000, checkpoints: 150 })
    const kept = bounded(samples, { maxSamples: 500 }).samples
    expect(kept.filter((s) => s.cycle !== undefined)).toEqual(samples.filter((s) => s.cycle !== undefined))
    const boundaries = samples.filter((s, i) => i === 0 || s.phase !== samples[i - 1]?.phase)
    for (const s of boundaries) expect(kept).toContain(s)
    expect(kept.at(-1)).toBe(samples.at(-1))
    expect(kept.length).toBeLessThanOrEqual(500 + 4096 + 64)
  })

  it('covers the series evenly, keeping the lowest RSS of each stretch it thins', () => {
    // RSS steps down to a trough once every 1,000 samples: every trough of the series stays
    const samples: Sample[] = Array.from({ length: 100_000 }, (_, i) => ({ t: i * 10, rss: i % 1000 === 537 ? 50 : 100 + (i % 7) }))
    const kept = bounded(samples, { maxSamples: 1000 }).samples
    expect(kept.length).toBeGreaterThan(500)
    expect(kept.filter((s) => s.rss === 50)).toHaveLength(100)
    // no stretch of the series is left out: no gap is far wider than the mean one
    const gaps = kept.slice(1).map((s, i) => s.t - (kept[i] as Sample).t)
    const mean = ((samples.at(-1) as Sample).t - (samples[0] as Sample).t) / gaps.length
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4 * mean)
  })

  it('refuses a bound too small to hold', () => {
    expect(() => new SeriesBuffer({ maxSamples: 10 })).toThrow(/maxSamples must be a whole number of at least 64, got 10/)
  })
})
