import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, resolvePolicy, tierFor } from './policy.js'

describe('DEFAULT_POLICY', () => {
  it("is the guide's table by run length", () => {
    expect(DEFAULT_POLICY.tiers).toEqual({
      short: { upToMs: 60_000, warnPct: 5, failPct: 10 },
      medium: { upToMs: 600_000, warnPct: 10, failPct: 15 },
      long: { warnPct: 15, failPct: 20 },
    })
  })
})

describe('tierFor()', () => {
  it.each([
    [0, 'short'],
    [59_999, 'short'],
    [60_000, 'medium'],
    [599_999, 'medium'],
    [600_000, 'long'],
    [86_400_000, 'long'],
  ])('a %d ms run is %s', (ms, tier) => {
    expect(tierFor(DEFAULT_POLICY, ms)).toBe(tier)
  })
})

describe('resolvePolicy()', () => {
  it('lays overrides over the defaults field by field', () => {
    const policy = resolvePolicy({ tiers: { short: { failPct: 12 } }, trend: { alpha: 0.05 } })
    expect(policy.tiers.short).toEqual({ upToMs: 60_000, warnPct: 5, failPct: 12 })
    expect(policy.tiers.medium).toEqual(DEFAULT_POLICY.tiers.medium)
    expect(policy.trend).toEqual({ ...DEFAULT_POLICY.trend, alpha: 0.05 })
  })

  it('lets one tier be stricter or looser than the others', () => {
    expect(resolvePolicy({ tiers: { short: { warnPct: 20, failPct: 30 } } }).tiers.short.failPct).toBe(30)
  })

  it('does not change the defaults', () => {
    resolvePolicy({ tiers: { long: { failPct: 50 } } })
    expect(DEFAULT_POLICY.tiers.long.failPct).toBe(20)
  })

  it.each([
    [{ tires: {} }, 'policy.tires is not a policy field (known: tiers, trend, evidence, memory, counters, startup, allowances)'],
    [{ metric: 'heapUsed' }, 'policy.metric is not a policy field (known: tiers, trend, evidence, memory, counters, startup, allowances)'],
    [{ tiers: { huge: {} } }, 'policy.tiers.huge is not a policy field (known: short, medium, long)'],
    [{ tiers: { short: { failPct: '12' } } }, 'policy.tiers.short.failPct must be a number, got "12"'],
    [{ tiers: { short: { failPct: 4 } } }, 'policy.tiers.short.failPct (4) must be above policy.tiers.short.warnPct (5)'],
    [{ tiers: { medium: { warnPct: 15 } } }, 'policy.tiers.medium.failPct (15) must be above policy.tiers.medium.warnPct (15)'],
    [{ tiers: { short: { warnPct: -1 } } }, 'policy.tiers.short.warnPct must be at least 0, got -1'],
    [{ tiers: { medium: { upToMs: 60_000 } } }, 'policy.tiers.medium.upToMs (60000) must be above policy.tiers.short.upToMs (60000)'],
    [{ trend: { alpha: 0 } }, 'policy.trend.alpha must be between 0 and 0.5, got 0'],
    [{ trend: { latePart: 1.5 } }, 'policy.trend.latePart must be above 0 and at most 1, got 1.5'],
    [{ trend: { levelRatio: 2 } }, 'policy.trend.levelRatio must be from 0 to 1, got 2'],
    [{ evidence: { minPoints: 2 } }, 'policy.evidence.minPoints must be a whole number of at least 4, got 2'],
    [{ startup: { share: 0.6 } }, 'policy.startup.maxShare must be from 0.6 to 0.9, got 0.5'],
    [{ trend: { maxPoints: 5 } }, 'policy.trend.maxPoints must be a whole number of at least 10, got 5'],
    [{ trend: 3 }, 'policy.trend must be an object'],
    [[], 'policy must be an object'],
  ])('rejects %j, naming the field', (overrides, message) => {
    expect(() => resolvePolicy(overrides)).toThrow(expect.objectContaining({ code: 'LEAKWATCH_BAD_POLICY', message }))
  })
})
