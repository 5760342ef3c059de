import { deltaBytes, pct } from './units.js'
import { blockMinima, type Points, troughEnvelope } from './envelope.js'
import { LAYER_LABEL } from './layers.js'
import type { Policy, TierPolicy } from './policy.js'
import { mannKendall } from './stats/mann-kendall.js'
import { median } from './stats/median.js'
import { senSlope } from './stats/sen-interval.js'
import { theilSenSlope } from './stats/theil-sen.js'
import type { LayerFinding, LayerName, Shape } from './types.js'

/** A finding, and why more cycles would settle it (when they would). */
export interface Judged {
  finding: LayerFinding
  extend?: string
}

export interface JudgeContext {
  policy: Policy
  tier: TierPolicy
  /** 'cycle' when every point carries its cycle number, else 'second'. */
  per: 'cycle' | 'second'
  unit: 'bytes' | 'count'
  /** Of the whole measured run. */
  spanMs: number
  cycles?: number
}

/**
 * Judges one layer on sustained growth: the slope of the late part of the measured run (its
 * last half by default), with Sen's confidence interval, put in the guide's terms as the
 * growth that slope adds over the whole run in % of the level after warm-up.
 * - It keeps rising to the end (significant, and the last quarter is not levelling): fail
 *   above the tier's failPct, warn above its warnPct, and warn as a possible slow leak down to
 *   `slowShare` of warnPct.
 * - It still rises but is slowing down (settling): judged as above on the rate of its last
 *   quarter (but at least warn), and more cycles would tell.
 * - Otherwise it passes, however high it rose before: a plateau is not a leak.
 */
export function judgeMemory(layer: LayerName, raw: Points, ctx: JudgeContext): Judged {
  const { policy, tier } = ctx
  const blocked = blockMinima(raw, policy.trend.maxPoints)
  const envelope = troughEnvelope(blocked.ys)
  const xs = blocked.xs
  const ys = envelope.ys
  const n = ys.length
  const head = Math.max(1, Math.min(3, Math.floor(n / 10)))
  const baseline = median(ys.slice(0, head))
  const final = median(ys.slice(-head))
  const x0 = xs[0] as number
  const spanX = (xs.at(-1) as number) - x0
  const lateFrom = x0 + (1 - policy.trend.latePart) * spanX
  const late = indicesFrom(xs, lateFrom)
  const lateXs = xs.slice(late)
  const lateYs = ys.slice(late)
  const denominator = percentBase(baseline, ctx.unit, policy)
  const asPct = (slope: number) => (100 * slope * spanX) / denominator
  const rosePct = (100 * (final - baseline)) / denominator

  const evidence: LayerFinding['evidence'] = { points: n, latePoints: lateYs.length, spanMs: ctx.spanMs }
  if (ctx.cycles !== undefined) evidence.cycles = ctx.cycles
  const finding: LayerFinding = { layer, status: 'pass', unit: ctx.unit, baseline, final, rosePct, percentOf: denominator, evidence, reason: '' }
  if (envelope.teeth > 0) finding.troughs = true
  if (lateYs.length < 4 || spanX <= 0) {
    finding.reason = `${LAYER_LABEL[layer]}: too few points to judge a trend (${n})`
    return { finding }
  }

  const sen = senSlope(lateXs, lateYs, policy.trend.alpha)
  const lateMk = mannKendall(lateYs)
  finding.slope = { value: sen.slope, low: sen.low, high: sen.high, p: lateMk.p, per: ctx.per, latePart: policy.trend.latePart }
  const projectedPct = asPct(sen.slope)
  finding.projectedPct = projectedPct
  // the last half of the late part: still rising at the late part's rate, or levelling?
  const tail = indicesFrom(lateXs, lateXs[0] as number + ((lateXs.at(-1) as number) - (lateXs[0] as number)) / 2)
  const tailSlope = theilSenSlope(lateXs.slice(tail), lateYs.slice(tail))
  const slowPct = policy.trend.slowShare * tier.warnPct
  const significant = sen.low > 0 && lateMk.p < policy.trend.alpha
  const slowing = tailSlope <= policy.trend.levelRatio * sen.slope

  const rate = slopeText(sen.slope, ctx)
  const over = `adds ${pct(projectedPct)} over the run`
  let shape: Shape
  let extend: string | undefined
  if (!significant || projectedPct < slowPct) {
    if (projectedPct >= tier.warnPct && !significant) {
      shape = 'noisy'
      extend = `${LAYER_LABEL[layer]} late slope is uncertain (${rate}, ${pct(asPct(sen.low))} to ${pct(asPct(sen.high))} over the run)`
      finding.reason = `${LAYER_LABEL[layer]} shows no significant late trend: ${rate} (${over}), too uncertain to call`
    } else if (rosePct >= slowPct) {
      shape = 'levelled'
      finding.reason = `${LAYER_LABEL[layer]} rose ${pct(rosePct)} early in the run and levelled off (late slope ${rate})`
    } else {
      shape = 'flat'
      finding.reason = `${LAYER_LABEL[layer]} is flat: ${pct(rosePct)} over the run, late slope ${rate}`
    }
  } else if (oneStep(lateYs, sen.slope * ((lateXs.at(-1) as number) - (lateXs[0] as number)))) {
    // most of the late rise is one jump: a pool or cache growing once, V8 growing its heap, or
    // a leak in batches; one step cannot tell them apart, more cycles can. A scenario run warns
    // and is extended; a process sampled from outside cannot be, and one step is no leak
    shape = 'settling'
    const runnable = ctx.per === 'cycle'
    if (runnable) finding.status = 'warn'
    extend = `${LAYER_LABEL[layer]} rose in one step late in the run (${rate})`
    finding.reason = `${LAYER_LABEL[layer]} rose in one step late in the run (most of the late rise between two checkpoints): ${rate} over the last half; ${over}${runnable ? '' : '; one step is not a leak: sample longer to see whether it repeats'}`
  } else if (slowing && asPct(tailSlope) < slowPct && projectedPct <= tier.failPct) {
    // the last quarter alone adds less than a slow leak would: it has levelled off (after a
    // steep late rise, a flat last quarter is no proof: a leak grows RSS in steps too)
    shape = 'levelled'
    finding.reason = `${LAYER_LABEL[layer]} rose ${pct(rosePct)} and levelled off at the end (late slope ${rate}, last quarter ${slopeText(tailSlope, ctx)})`
  } else if (slowing) {
    // still rising, more slowly: judged at the rate it has at the end, and worth a longer look
    shape = 'settling'
    const tailPct = asPct(tailSlope)
    finding.status = tailPct > tier.failPct ? 'fail' : 'warn'
    extend = `${LAYER_LABEL[layer]} still rises but is slowing (${rate}, last quarter ${slopeText(tailSlope, ctx)})`
    finding.reason = `${LAYER_LABEL[layer]} still rises at the end but is slowing: ${rate} over the last half, ${slopeText(tailSlope, ctx)} over the last quarter, which adds ${pct(tailPct)} over the run`
  } else {
    shape = 'rising'
    finding.status = projectedPct > tier.failPct ? 'fail' : 'warn'
    if (finding.status === 'warn') extend = `${LAYER_LABEL[layer]} keeps rising slowly (${rate})`
    const size = projectedPct >= tier.warnPct ? '' : 'slowly, possible slow leak: '
    finding.reason = `${LAYER_LABEL[layer]} keeps rising ${size}${rate} over the last ${Math.round(policy.trend.latePart * 100)}%, no sign of levelling; ${over}`
  }
  finding.shape = shape
  const judged: Judged = { finding }
  if (extend) judged.extend = extend
  return allowGrowth(judged, policy)
}

/**
 * A layer that did not pass but grew (final − baseline) no more than the policy's allowance for
 * it passes, and says so; the verdict is then clear (no extension asked). Beyond it, or
 * without one, the finding stands.
 */
export function allowGrowth(judged: Judged, policy: Policy): Judged {
  const { finding } = judged
  const allowance = policy.allowances[finding.layer]
  const growth = finding.final - finding.baseline
  if (allowance === undefined || finding.status === 'pass' || growth > allowance) return judged
  const amount = (n: number) => (finding.unit === 'bytes' ? deltaBytes(n).replace(/^\+/, '') : String(n))
  finding.status = 'pass'
  finding.reason = `${finding.reason}; allowed by the policy: it grew ${amount(Math.max(0, growth))} over the run, within its allowance of ${amount(allowance)}`
  return { finding }
}

/**
 * What a layer's percentages are taken of: its baseline, and at least the small-layer floor
 * (with a floor of 0, a baseline of 0 or below counts as 1 byte: a percentage, never NaN).
 */
export function percentBase(baseline: number, unit: 'bytes' | 'count', policy: Policy): number {
  return Math.max(baseline, unit === 'bytes' ? policy.memory.minBaselineBytes : 1, 1)
}

/** More than half of the late rise happens between two consecutive points. */
function oneStep(ys: readonly number[], rise: number): boolean {
  if (!(rise > 0)) return false
  let largest = 0
  for (let i = 1; i < ys.length; i++) largest = Math.max(largest, (ys[i] as number) - (ys[i - 1] as number))
  return largest > 0.5 * rise
}

/** The first index whose x is at or after `from`. */
function indicesFrom(xs: readonly number[], from: number): number {
  const i = xs.findIndex((x) => x >= from - 1e-9)
  return i < 0 ? xs.length : i
}

function slopeText(slope: number, ctx: JudgeContext): string {
  const per = ctx.per === 'cycle' ? 'cycle' : 's'
  if (ctx.unit === 'count') return `${slope >= 0 ? '+' : ''}${slope.toPrecision(2)}/${per}`
  return `${deltaBytes(slope)}/${per}`
}
