import { describe, expect, it } from 'vitest'
import { gradeSeries } from '../src/index.js'
import { guideFail, guidePass, guidePassDense, guideWarn, MiB } from './_guide-series.js'

describe("the guide's example outputs", () => {
  it('PASS as printed, six checkpoints over 5 minutes: too little evidence to pass, so inconclusive', () => {
    const v = gradeSeries(guidePass)
    expect([v.status, v.inconclusive]).toEqual(['warn', true])
    expect(v.initial / MiB).toBeCloseTo(145.3, 5)
    expect(v.reasons[0]).toBe('inconclusive: 6 checkpoints over 5.0 min, at least 10 are needed to tell a plateau from a leak')
  })

  it('PASS sampled every second: +5.2 % that levels off is a pass', () => {
    const v = gradeSeries(guidePassDense)
    expect(v.status).toBe('pass')
    expect(v.tier).toBe('medium')
    expect(v.patterns).not.toContain('no-stabilization')
    expect(v.reasons[0]).toMatch(/^no sustained growth in RSS: RSS rose \+5\.\d% early in the run and levelled off/)
  })

  it('WARNING: 20 sessions at +16.3 % over 12 minutes, still rising at the end, is a warn: possible slow leak', () => {
    const v = gradeSeries(guideWarn)
    expect([v.status, v.decidedBy, v.tier, v.cycles]).toEqual(['warn', 'rss', 'long', 20])
    expect(v.patterns).toEqual(expect.arrayContaining(['linear-growth', 'no-stabilization', 'cycle-correlation']))
    expect(v.reasons[0]).toMatch(/^RSS keeps rising slowly, possible slow leak: \+849\.9 KiB\/cycle over the last 50%, no sign of levelling; adds \+12\.3% over the run; runs of 10\.0 min or more/)
    expect(v.extend).toMatch(/keeps rising slowly/)
  })

  it('FAILED: 100 start/stop cycles at +64 % with threads 12 → 22 fails, on the threads first', () => {
    const v = gradeSeries(guideFail)
    expect([v.status, v.decidedBy]).toEqual(['fail', 'threads'])
    expect(v.growthPct).toBeGreaterThan(55)
    expect(v.threads).toEqual({ initial: 12, final: 22 })
    expect(v.patterns).toEqual(expect.arrayContaining(['linear-growth', 'cycle-correlation', 'thread-leak']))
    expect(v.reasons[0]).toBe('Threads left after teardown: 12 → 22 (+10)')
    expect(v.reasons[1]).toMatch(/^RSS keeps rising \+803\.8 KiB\/cycle/)
    expect(v.actions[0]).toBe('Terminate every Worker on stop and await terminate(); shut thread pools down')
  })
})
