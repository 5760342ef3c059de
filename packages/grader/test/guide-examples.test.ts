import { describe, expect, it } from 'vitest'
import { gradeSeries } from '../src/index.js'
import { guideFail, guidePass, guidePassDense, guideWarn, MiB } from './_guide-series.js'

describe("the guide's example outputs", () => {
  it('PASS: +5.2 % over 5 minutes grades pass', () => {
    const v = gradeSeries(guidePass)
    expect(v.status).toBe('pass')
    expect(v.initial / MiB).toBeCloseTo(145.3, 5)
    expect(v.final / MiB).toBeCloseTo(152.8, 5)
    expect(v.growth / MiB).toBeCloseTo(7.5, 5)
    expect(v.growthPct.toFixed(1)).toBe('5.2')
    expect(v.tier).toBe('medium')
    expect(v.patterns).not.toContain('no-stabilization')
    expect(v.reasons[0]).toBe(
      'RSS grew +5.2% (145.3 MB → 152.8 MB, +7.5 MB) over 5.0 min; runs from 1.0 min to 10.0 min: pass under 10%, fail over 15%',
    )
    expect(v.actions).toEqual([])
  })

  it('PASS stays pass when sampled every second: the rise slows, it is not a steady leak', () => {
    const v = gradeSeries(guidePassDense)
    expect(v.status).toBe('pass')
    expect(v.patterns).toContain('linear-growth')
    expect(v.patterns).not.toContain('no-stabilization')
    expect(v.trend.lateRatio).toBeLessThan(0.75)
    expect(v.reasons.some((r) => r.startsWith('stabilizing: the last 50% of the run rises at'))).toBe(true)
  })

  it('WARNING: 20 sessions at +16.3 % over 12 minutes grades warn, linear', () => {
    const v = gradeSeries(guideWarn)
    expect(v.status).toBe('warn')
    expect(v.growthPct.toFixed(1)).toBe('16.3')
    expect(v.growth / MiB).toBeCloseTo(21.9, 5)
    expect(v.tier).toBe('long')
    expect(v.cycles).toBe(20)
    expect(v.patterns).toEqual(expect.arrayContaining(['linear-growth', 'cycle-correlation']))
    expect(v.reasons).toContain('possible slow leak: the growth is linear')
    expect(v.actions).toContain('Check for unreleased video writers and cameras')
  })

  it('FAILED: 100 start/stop cycles at +64 % with threads 12 → 22 grades fail', () => {
    const v = gradeSeries(guideFail)
    expect(v.status).toBe('fail')
    expect(v.growthPct.toFixed(1)).toBe('64.0')
    expect(v.growth / MiB).toBeCloseTo(82.1, 5)
    expect(v.threads).toEqual({ initial: 12, final: 22 })
    expect(v.patterns).toEqual(expect.arrayContaining(['linear-growth', 'cycle-correlation', 'thread-leak']))
    expect(v.reasons).toContain('Threads: 12 → 22 (+10 threads)')
    expect(v.actions).toContain('Verify all threads are joined (await worker.terminate())')
  })
})
