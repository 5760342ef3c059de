import { GraderError } from './errors.js'
import type { Metric, TierName } from './types.js'

/** Growth thresholds of one run length: pass below `warnPct`, fail above `failPct`, warn between. */
export interface TierPolicy {
  warnPct: number
  failPct: number
}

export interface Policy {
  /** The memory figure graded; the others are reported as layers. */
  metric: Metric
  tiers: {
    /** Runs shorter than `upToMs`. */
    short: TierPolicy & { upToMs: number }
    medium: TierPolicy & { upToMs: number }
    long: TierPolicy
  }
  trend: {
    /** Significance level of the Mann–Kendall tests. */
    alpha: number
    /** A trend smaller than this share of the baseline over the run is not called growth, %. */
    minTrendPct: number
    /** Stabilization compares the first and the last part of the run, each this share of it. */
    latePart: number
    /** Not stabilized: the last part rises significantly, at least this share of the first part's rate. */
    lateRatio: number
    /** Clearly stabilized: the last part rises at most this share of the first part's rate. */
    stabilizedRatio: number
    /** Clearly recovered under GC: the final GC gave back at least this share of the growth. */
    recoveredShare: number
    /** The final value is the median of this share of the samples at the end. */
    endpointShare: number
    /** Series longer than this are thinned before the O(n²) tests. */
    maxPoints: number
  }
}

/** The guide's thresholds by run length, and trend settings calibrated by `pnpm bench`. */
export const DEFAULT_POLICY: Policy = {
  metric: 'rss',
  tiers: {
    short: { upToMs: 60_000, warnPct: 5, failPct: 10 },
    medium: { upToMs: 600_000, warnPct: 10, failPct: 15 },
    long: { warnPct: 15, failPct: 20 },
  },
  trend: {
    alpha: 0.01,
    minTrendPct: 2,
    latePart: 0.5,
    lateRatio: 0.75,
    stabilizedRatio: 0.25,
    recoveredShare: 0.5,
    endpointShare: 0.05,
    maxPoints: 400,
  },
}

export type PolicyOverrides = {
  metric?: Metric
  tiers?: { [K in TierName]?: Partial<Policy['tiers'][K]> }
  trend?: Partial<Policy['trend']>
}

const METRICS: readonly Metric[] = ['rss', 'heapUsed', 'external', 'nativeHeap']
const bad = (message: string) => new GraderError('LEAKWATCH_BAD_POLICY', message)

/**
 * The default policy with `overrides` laid over it field by field, validated. A field that
 * does not exist, has the wrong type, or breaks the order of the thresholds is named.
 *
 * @example
 * resolvePolicy({ tiers: { short: { failPct: 12 } } })
 */
export function resolvePolicy(overrides: unknown = {}): Policy {
  const merged = merge(DEFAULT_POLICY, overrides, 'policy') as Policy
  validate(merged)
  return merged
}

function merge(base: unknown, over: unknown, path: string): unknown {
  if (over === undefined) return base
  if (typeof base === 'object' && base !== null) {
    if (typeof over !== 'object' || over === null || Array.isArray(over)) throw bad(`${path} must be an object`)
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) }
    for (const [key, value] of Object.entries(over)) {
      if (!(key in out)) throw bad(`${path}.${key} is not a policy field (known: ${Object.keys(out).join(', ')})`)
      out[key] = merge(out[key], value, `${path}.${key}`)
    }
    return out
  }
  if (typeof base === 'number' && (typeof over !== 'number' || !Number.isFinite(over))) {
    throw bad(`${path} must be a number, got ${JSON.stringify(over)}`)
  }
  if (typeof base === 'string' && typeof over !== 'string') throw bad(`${path} must be a string, got ${JSON.stringify(over)}`)
  return over
}

function validate(policy: Policy): void {
  if (!METRICS.includes(policy.metric)) throw bad(`policy.metric must be one of ${METRICS.join(', ')}, got '${policy.metric}'`)
  const { short, medium, long } = policy.tiers
  const tiers = [['short', short], ['medium', medium], ['long', long]] as const
  for (const [name, tier] of tiers) {
    if (tier.warnPct < 0) throw bad(`policy.tiers.${name}.warnPct must be at least 0, got ${tier.warnPct}`)
    if (!(tier.failPct > tier.warnPct)) {
      throw bad(`policy.tiers.${name}.failPct (${tier.failPct}) must be above policy.tiers.${name}.warnPct (${tier.warnPct})`)
    }
  }
  if (!(short.upToMs > 0)) throw bad(`policy.tiers.short.upToMs must be above 0, got ${short.upToMs}`)
  if (!(medium.upToMs > short.upToMs)) {
    throw bad(`policy.tiers.medium.upToMs (${medium.upToMs}) must be above policy.tiers.short.upToMs (${short.upToMs})`)
  }
  const t = policy.trend
  const within = (key: keyof Policy['trend'], lo: number, hi: number, open = true) => {
    const v = t[key]
    if (!(open ? v > lo && v < hi : v >= lo && v <= hi)) {
      throw bad(`policy.trend.${key} must be ${open ? 'between' : 'from'} ${lo} ${open ? 'and' : 'to'} ${hi}, got ${v}`)
    }
  }
  within('alpha', 0, 0.5)
  within('minTrendPct', 0, 1000, false)
  if (!(t.latePart > 0 && t.latePart <= 0.5)) throw bad(`policy.trend.latePart must be above 0 and at most 0.5, got ${t.latePart}`)
  within('lateRatio', 0, 10, false)
  within('stabilizedRatio', 0, t.lateRatio, false)
  within('recoveredShare', 0, 1, false)
  within('endpointShare', 0, 0.5)
  if (!(Number.isInteger(t.maxPoints) && t.maxPoints >= 10)) throw bad(`policy.trend.maxPoints must be a whole number of at least 10, got ${t.maxPoints}`)
}

/** The tier a run of this length is graded in. */
export function tierFor(policy: Policy, durationMs: number): TierName {
  if (durationMs < policy.tiers.short.upToMs) return 'short'
  if (durationMs < policy.tiers.medium.upToMs) return 'medium'
  return 'long'
}
