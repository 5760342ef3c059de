import { describe, expect, it } from 'vitest'
import { gradeSeries, type SeriesSample } from '../src/index.js'
import { syntheticSeries } from './synthetic.mjs'

const MiB = 2 ** 20

/** A baseline, then a plateau at +growthPct for the rest of a run of `durationMs`: no trend to refine. */
function plateau(growthPct: number, durationMs: number): SeriesSample[] {
  return Array.from({ length: 20 }, (_, i) => ({
    t: (i * durationMs) / 19,
    rss: i === 0 ? 100 * MiB : 100 * MiB + (growthPct * MiB * 100) / 100,
  }))
}

describe('gradeSeries(): the tiers', () => {
  // each tier's pass/warn/fail edges: under warnPct passes, warnPct to failPct warns, over failPct fails
  const tiers = [
    ['short', 30_000, 5, 10],
    ['medium', 300_000, 10, 15],
    ['long', 900_000, 15, 20],
  ] as const
  const cases = tiers.flatMap(([tier, ms, warn, fail]) => [
    [tier, ms, warn - 0.01, 'pass'],
    [tier, ms, warn, 'warn'],
    [tier, ms, warn + 0.01, 'warn'],
    [tier, ms, fail - 0.01, 'warn'],
    [tier, ms, fail, 'warn'],
    [tier, ms, fail + 0.01, 'fail'],
  ] as const)

  it.each(cases)('%s run (%d ms) growing %d %% grades %s', (tier, ms, growthPct, status) => {
    const v = gradeSeries(plateau(growthPct, ms))
    expect(v.tier).toBe(tier)
    expect(v.growthPct).toBeCloseTo(growthPct, 9)
    expect(v.status).toBe(status)
  })

  it.each([
    [59_999, 'short', 'fail'],
    [60_000, 'medium', 'warn'],
    [599_999, 'medium', 'warn'],
    [600_000, 'long', 'pass'],
  ])('a run of %d ms is graded in the %s tier (+12 %% → %s)', (ms, tier, status) => {
    const v = gradeSeries(plateau(12, ms))
    expect([v.tier, v.status]).toEqual([tier, status])
  })

  it('grades on the metric the policy names', () => {
    const series = plateau(2, 30_000).map((s, i) => ({ ...s, heapUsed: (i === 0 ? 50 : 60) * MiB }))
    expect(gradeSeries(series).status).toBe('pass')
    const v = gradeSeries(series, { metric: 'heapUsed' })
    expect([v.metric, v.status, v.growthPct]).toEqual(['heapUsed', 'fail', 20])
  })
})

describe('gradeSeries(): the signs refine the tier', () => {
  it('turns a pass with a steady rise over hundreds of cycles into warn: possible slow leak', () => {
    // +3 % over 500 cycles, under the 5 % pass threshold, but rising all along
    const v = gradeSeries(syntheticSeries({ cycles: 500, shape: (f) => 0.03 * f, noisePct: 0.5 }))
    expect(v.growthPct).toBeLessThan(5)
    expect(v.status).toBe('warn')
    expect(v.patterns).toEqual(['linear-growth', 'no-stabilization', 'cycle-correlation'])
    expect(v.reasons[1]).toBe('possible slow leak: under the pass threshold, but rising steadily and not stabilizing')
    expect(v.actions).toContain('Run an extended test (twice the cycles or duration, e.g. --scale 2.5) to confirm the trend')
  })

  it('keeps a pass whose rise levels off (a cache filling up)', () => {
    const v = gradeSeries(syntheticSeries({ cycles: 500, shape: (f) => 0.03 * Math.min(1, f / 0.3), noisePct: 0.5 }))
    expect(v.status).toBe('pass')
    expect(v.patterns).not.toContain('no-stabilization')
  })

  it('keeps a flat noisy series a pass', () => {
    const v = gradeSeries(syntheticSeries({ cycles: 500, noisePct: 3, sawtoothPct: 1 }))
    expect(v.status).toBe('pass')
    expect(v.patterns).toEqual([])
  })

  /** +15 % in the first 30 % of a short run, then flat; `afterGcPct` is the growth left after the final GC. */
  function plateauThenGc(afterGcPct: number, shape = (f: number) => 0.15 * Math.min(1, f / 0.3)): SeriesSample[] {
    const measured = syntheticSeries({ cycles: 300, shape, noisePct: 0.3 })
    const end = measured.at(-1) as SeriesSample
    const base = measured[0]?.rss ?? 0
    return [
      ...measured,
      { t: end.t + 50, rss: base * (1 + afterGcPct / 100), phase: 'teardown' },
      { t: end.t + 100, rss: base * (1 + afterGcPct / 100), phase: 'after' },
    ]
  }

  it('turns a fail that stabilized and came back under GC into warn', () => {
    const v = gradeSeries(plateauThenGc(2))
    expect(v.growthPct).toBeGreaterThan(10)
    expect(v.status).toBe('warn')
    expect(v.trend.gcRecovered).toBeGreaterThan(0.8)
    expect(v.reasons[1]).toMatch(/^grew \+1[45]\.\d% but stabilized: cache or warm-up\? check the memory budget$/)
    expect(v.actions[0]).toBe('Check the memory budget: is the plateau a cache or warm-up that is expected to stay?')
  })

  it('keeps the fail when the final GC gives nothing back: no GC recovery', () => {
    const v = gradeSeries(plateauThenGc(15))
    expect(v.status).toBe('fail')
    expect(v.patterns).toContain('no-gc-recovery')
    expect(v.reasons.some((r) => r.startsWith('no GC recovery:'))).toBe(true)
  })

  it('keeps the fail when the growth never stabilized, even if GC gives it back', () => {
    const v = gradeSeries(plateauThenGc(2, (f) => 0.15 * f))
    expect(v.status).toBe('fail')
    expect(v.patterns).toContain('no-stabilization')
  })
})

describe('gradeSeries(): threads and handles after teardown', () => {
  const quiet = (extra: (i: number, n: number) => Partial<SeriesSample>) =>
    syntheticSeries({ cycles: 100, noisePct: 0.2 }).map((s, i, all) => ({ ...s, ...extra(i, all.length) }))

  it('fails on more threads after teardown than at the baseline, whatever the memory did', () => {
    const v = gradeSeries(quiet((i, n) => ({ threads: i === n - 1 ? 14 : 12 })))
    expect(v.status).toBe('fail')
    expect(v.patterns).toEqual(['thread-leak'])
    expect(v.reasons).toContain('Threads: 12 → 14 (+2 threads)')
  })

  it('fails on an open fd or a live timer left behind', () => {
    const fds = gradeSeries(quiet((i, n) => ({ handles: i === n - 1 ? 31 : 30 })))
    expect([fds.status, fds.patterns, fds.handles]).toEqual(['fail', ['handle-leak'], { initial: 30, final: 31 }])
    const timers = gradeSeries(quiet((i, n) => ({ resources: i === n - 1 ? 4 : 3 })))
    expect(timers.reasons).toContain('Live libuv resources: 3 → 4 (+1)')
  })

  it('compares with the sample before setup, so a pool that setup starts must be stopped by teardown', () => {
    const series: SeriesSample[] = [
      { t: 0, rss: 100 * MiB, threads: 7, phase: 'warmup' }, // before setup
      ...quiet(() => ({ threads: 11 })), // a pool of 4 running
      { t: 10_000, rss: 100 * MiB, threads: 11, phase: 'after' }, // teardown left it running
    ]
    const v = gradeSeries(series)
    expect([v.status, v.threads]).toEqual(['fail', { initial: 7, final: 11 }])
  })

  it('passes when threads rise during the run and come back after teardown', () => {
    const series = quiet((i) => ({ threads: i === 0 ? 12 : 16 }))
    series.push({ t: 10_000, rss: series[0]?.rss ?? 0, threads: 12, phase: 'after' })
    const v = gradeSeries(series)
    expect(v.status).toBe('pass')
    expect(v.threads).toEqual({ initial: 12, final: 12 })
  })
})

describe('gradeSeries(): layers', () => {
  it('says which layer under RSS grew most', () => {
    const series = syntheticSeries({ cycles: 100, shape: (f) => 0.3 * f }).map((s, i) => ({
      ...s,
      heapUsed: 40 * MiB + i * 0.4 * MiB,
      external: 5 * MiB,
    }))
    const v = gradeSeries(series)
    expect(v.layers.map((l) => l.metric)).toEqual(['rss', 'heapUsed', 'external'])
    // baseline 40 MB at cycle 0; final the median of the last 5 % (cycles 96–100): 40 + 98 × 0.4
    expect(v.reasons).toContain('JS heap (heapUsed) grew most: +39.2 MB (+98.0%)')
    expect(v.actions).toContain('The JS heap grows: compare two heap snapshots to see which objects are retained')
  })
})

describe('gradeSeries(): bad input', () => {
  it.each([[[]], [[{ t: 0, rss: 1 }]]])('needs at least 2 measured samples (%j)', (series) => {
    expect(() => gradeSeries(series)).toThrow(expect.objectContaining({ code: 'LEAKWATCH_BAD_SERIES' }))
  })

  it('reads only the measured phase of a phased series', () => {
    const series: SeriesSample[] = [
      { t: 0, rss: 500 * MiB, phase: 'warmup' },
      { t: 1, rss: 100 * MiB, phase: 'measure' },
      { t: 2, rss: 101 * MiB, phase: 'measure' },
    ]
    expect(gradeSeries(series)).toMatchObject({ initial: 100 * MiB, final: 101 * MiB, status: 'pass' })
  })
})
