import { GraderError } from './errors.js'
import { COUNTER_LAYERS, MEMORY_LAYERS } from './layers.js'
import type { LayerName, TierName } from './types.js'

/** Growth thresholds of one run length: pass below `warnPct`, fail above `failPct`, warn between. */
export interface TierPolicy {
  warnPct: number
  failPct: number
}

export interface Policy {
  tiers: {
    /** Runs shorter than `upToMs`. */
    short: TierPolicy & { upToMs: number }
    medium: TierPolicy & { upToMs: number }
    long: TierPolicy
  }
  trend: {
    /** Significance level of the one-sided tests; the slope's interval is at 1 − 2·alpha. */
    alpha: number
    /** The late part of the measured run that decides, as a share of it. */
    latePart: number
    /**
     * Slowing down: the last half of the late part rises at most this share of the late
     * part's slope. It has levelled off when that last half alone adds less than a slow leak
     * would; otherwise it is settling (warn, and the run is extended to see where it goes).
     */
    levelRatio: number
    /**
     * A significant rise that goes on to the end and adds at least this share of the tier's
     * `warnPct` over the run is a possible slow leak: warn, even under `warnPct`.
     */
    slowShare: number
    /** Series longer than this are cut into this many blocks (their minimum) before the O(n²) tests. */
    maxPoints: number
  }
  evidence: {
    /** Fewer measured checkpoints (or blocks of a series without them) than this: inconclusive. */
    minPoints: number
  }
  memory: {
    /**
     * Percentages of a small layer are taken of at least this many bytes, so that 200 KB on a
     * 300 KB layer of Buffers is not "+66 %". A leak there still counts against this floor.
     */
    minBaselineBytes: number
  }
  counters: {
    /** A series without teardown: a counter that keeps rising by at least this many is a leak. */
    minRise: number
  }
  startup: {
    /**
     * A series without phases (a process sampled from outside): the first this share of it is
     * start-up (booting, the first requests) and is left out of the baseline…
     */
    share: number
    /** …or longer, until the thread count has settled, up to this share. */
    maxShare: number
  }
  /**
   * Growth a layer may show over the measured run and still pass: bytes for memory layers
   * (`heap: 50 * 1024 ** 2`, or a size such as '50 MiB' in overrides), a count for counters
   * (`fds: 2`). A layer whose growth (final − baseline) stays within its allowance passes, and
   * its reason says the policy allowed it; beyond it, it is judged as without one.
   */
  allowances: Partial<Record<LayerName, number>>
}

/** The guide's thresholds by run length, and the settings `pnpm bench:verdict` calibrates. */
export const DEFAULT_POLICY: Policy = {
  tiers: {
    short: { upToMs: 60_000, warnPct: 5, failPct: 10 },
    medium: { upToMs: 600_000, warnPct: 10, failPct: 15 },
    long: { warnPct: 15, failPct: 20 },
  },
  trend: {
    alpha: 0.01,
    latePart: 0.5,
    levelRatio: 0.6,
    slowShare: 0.5,
    maxPoints: 400,
  },
  evidence: { minPoints: 10 },
  memory: { minBaselineBytes: 4 * 1024 * 1024 },
  counters: { minRise: 3 },
  startup: { share: 0.2, maxShare: 0.5 },
  allowances: {},
}

export type PolicyOverrides = {
  tiers?: { [K in TierName]?: Partial<Policy['tiers'][K]> }
  /** Bytes, or a size with its unit ('50 MiB', '512 KiB', '1.5 GB') for memory layers; counts for counters. */
  allowances?: Partial<Record<LayerName, number | string>>
} & { [K in Exclude<keyof Policy, 'tiers' | 'allowances'>]?: Partial<Policy[K]> }

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
  if (path === 'policy.allowances') return mergeAllowances(base as Policy['allowances'], over)
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

const LAYERS: readonly LayerName[] = [...MEMORY_LAYERS, ...COUNTER_LAYERS]
const COUNTERS: readonly LayerName[] = COUNTER_LAYERS

function mergeAllowances(base: Policy['allowances'], over: unknown): Policy['allowances'] {
  if (typeof over !== 'object' || over === null || Array.isArray(over)) throw bad('policy.allowances must be an object')
  const out: Policy['allowances'] = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const path = `policy.allowances.${key}`
    if (!LAYERS.includes(key as LayerName)) throw bad(`${path} is not a layer (known: ${LAYERS.join(', ')})`)
    const counter = COUNTERS.includes(key as LayerName)
    const amount = typeof value === 'string' && !counter ? parseSize(value) : value
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0 || (counter && !Number.isInteger(amount))) {
      const expected = counter ? 'a whole number of at least 0' : "a number of bytes of at least 0, or a size such as '50 MiB'"
      throw bad(`${path} must be ${expected}, got ${JSON.stringify(value)}`)
    }
    out[key as LayerName] = amount
  }
  return out
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }

/**
 * A size with its unit, in bytes: '50 MiB', '512KiB', '1.5 GB' (KB, MB, GB are decimal; KiB,
 * MiB, GiB binary), or a plain number of bytes ('1048576'). NaN when it is not one.
 */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  if (!match) return Number.NaN
  const factor = match[2] === '' ? 1 : SIZE_UNITS[(match[2] as string).toLowerCase()]
  return factor === undefined ? Number.NaN : Math.round(Number(match[1]) * factor)
}

function validate(policy: Policy): void {
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
  const within = (path: string, v: number, lo: number, hi: number) => {
    if (!(v >= lo && v <= hi)) throw bad(`policy.${path} must be from ${lo} to ${hi}, got ${v}`)
  }
  if (!(t.alpha > 0 && t.alpha < 0.5)) throw bad(`policy.trend.alpha must be between 0 and 0.5, got ${t.alpha}`)
  if (!(t.latePart > 0 && t.latePart <= 1)) throw bad(`policy.trend.latePart must be above 0 and at most 1, got ${t.latePart}`)
  within('trend.levelRatio', t.levelRatio, 0, 1)
  within('trend.slowShare', t.slowShare, 0, 1)
  if (!(Number.isInteger(t.maxPoints) && t.maxPoints >= 10)) throw bad(`policy.trend.maxPoints must be a whole number of at least 10, got ${t.maxPoints}`)
  const minPoints = policy.evidence.minPoints
  if (!(Number.isInteger(minPoints) && minPoints >= 4)) throw bad(`policy.evidence.minPoints must be a whole number of at least 4, got ${minPoints}`)
  within('memory.minBaselineBytes', policy.memory.minBaselineBytes, 0, Number.MAX_SAFE_INTEGER)
  within('counters.minRise', policy.counters.minRise, 1, Number.MAX_SAFE_INTEGER)
  within('startup.share', policy.startup.share, 0, 0.9)
  within('startup.maxShare', policy.startup.maxShare, policy.startup.share, 0.9)
}

/** The tier a run of this length is graded in. */
export function tierFor(policy: Policy, durationMs: number): TierName {
  if (durationMs < policy.tiers.short.upToMs) return 'short'
  if (durationMs < policy.tiers.medium.upToMs) return 'medium'
  return 'long'
}
