import type { Sample } from '@leakwatch/contracts'
import { deltaBytes, duration, mb, pValue, rate } from './units.js'
import { ACTIONS, layerAction, patternActions } from './actions.js'
import { counterAfterTeardown, counterTrend } from './counters.js'
import { GraderError } from './errors.js'
import { crossCheckOutside, excuseBlockedWorkers, explainRss } from './explain.js'
import type { Points } from './envelope.js'
import { type JudgeContext, type Judged, judgeMemory } from './judge-memory.js'
import { COUNTER_LAYERS, LAYER_LABEL, MEMORY_LAYERS, type MemoryLayer, memoryValue, PRECEDENCE } from './layers.js'
import { type Policy, type PolicyOverrides, resolvePolicy, tierFor } from './policy.js'
import { splitSeries } from './series.js'
import { memorySigns } from './signs.js'
import type { CounterChange, LayerFinding, LayerName, Pattern, Status, Verdict } from './types.js'

const RANK: Record<LayerFinding['status'], number> = { pass: 0, warn: 1, fail: 2 }

/**
 * Grades a series on sustained growth, layer by layer. Each memory layer the series measures
 * (JS heap, buffers, native heap, RSS outside them, RSS) is judged on the slope of the late
 * part of the run, put in the guide's terms (the growth it adds over the run, in % of the
 * level after warm-up, against the tier for the run's length); a plateau passes however high
 * it rose. Processes, threads, fds and libuv resources left after teardown fail. The verdict names the
 * layer that decided; too little evidence is a warn that says `inconclusive`, never a pass.
 *
 * @example
 * const verdict = gradeSeries(samples, { tiers: { short: { failPct: 12 } } })
 * if (verdict.status !== 'pass') console.log(verdict.decidedBy, verdict.reasons[0])
 */
export function gradeSeries(samples: readonly Sample[], overrides?: PolicyOverrides | Policy): Verdict {
  const policy = resolvePolicy(overrides)
  const parts = splitSeries(samples, policy)
  const mem = parts.memory
  const first = mem[0] as Sample
  const last = mem.at(-1) as Sample
  const cyclesKnown = mem.every((s) => s.cycle !== undefined) && first.cycle !== last.cycle
  const durationMs = last.t - first.t
  const tierName = tierFor(policy, durationMs)
  const tier = policy.tiers[tierName]
  const cycles = cyclesKnown ? (last.cycle as number) - (first.cycle as number) : undefined
  const ctx: JudgeContext = { policy, tier, per: cyclesKnown ? 'cycle' : 'second', unit: 'bytes', spanMs: durationMs }
  if (cycles !== undefined) ctx.cycles = cycles

  const memory = new Map<MemoryLayer, { points: Points; judged: Judged }>()
  for (const layer of MEMORY_LAYERS) {
    const points = layerPoints(mem, layer, cyclesKnown)
    if (points.ys.length < 2) continue
    // a field that cannot be measured is left out, never 0: a layer at 0 throughout is a broken recording
    if (points.ys.every((y) => y === 0)) throw new GraderError('LEAKWATCH_BAD_SERIES', `${LAYER_LABEL[layer]} is 0 in every measured sample: not a measurement`)
    memory.set(layer, { points, judged: judgeMemory(layer, points, ctx) })
  }
  const inner = [...memory.keys()].some((layer) => layer !== 'rss')
  const outside = memory.get('outside')
  if (outside && outside.judged.finding.status !== 'pass') crossCheckOutside(outside.judged, mem, ctx)
  const rss = memory.get('rss')
  if (rss && inner) explainRss(rss.judged.finding, memory)

  const counters: Partial<Record<'processes' | 'threads' | 'handles' | 'resources', CounterChange>> = {}
  const findings: LayerFinding[] = []
  // a runner's series still in progress (asked whether to extend it) has warmed up but has no
  // teardown yet: its counters are those of a running program, judged as one (do they keep
  // rising?), not yet as one that cleaned up
  const inProgress = parts.afterMeasure.length === 0 && parts.all.some((s) => s.phase === 'warmup')
  for (const layer of COUNTER_LAYERS) {
    const counted = parts.phased && !inProgress ? counterAfterTeardown(parts, layer, policy) : counterTrend(parts, layer, ctx)
    if (!counted) continue
    counters[layer === 'fds' ? 'handles' : layer] = counted.change
    findings.push(counted.finding)
  }
  for (const { judged } of memory.values()) findings.push(judged.finding)

  // a pool's workers blocked between tasks are excused; workers that pile up are the leak itself
  const blocked = mem.map((s) => s.blockedWorkers ?? 0)
  const most = blocked.reduce((m, b) => Math.max(m, b), 0) // no spread: a series may hold a million samples
  if (most > 0 && most === blocked.at(-1) && blocked.filter((b) => b === most).length >= blocked.length / 2) excuseBlockedWorkers(findings, most)
  const deciding = findings.filter((f) => !(f.layer === 'rss' && inner))
  const worst = deciding.reduce<LayerFinding['status']>((w, f) => (RANK[f.status] > RANK[w] ? f.status : w), 'pass')
  const decided = worst === 'pass' ? undefined : PRECEDENCE.map((l) => deciding.find((f) => f.layer === l && f.status === worst)).find(Boolean)
  const inconclusive = mem.length < policy.evidence.minPoints
  let status: Status = worst
  if (inconclusive && status === 'pass') status = 'warn'

  // a counter that decided has no memory points: the signs are then read on RSS
  const signsOn = memory.get(decided?.layer as MemoryLayer) ?? memory.get('rss')
  const afterGc = signsOn ? layerPoints(parts.afterMeasure.filter((s) => s.phase === 'teardown'), signsOn.judged.finding.layer as MemoryLayer, false).ys : []
  const signs = signsOn
    ? memorySigns(signsOn.points, signsOn.judged.finding, afterGc, policy, tier, cyclesKnown)
    : { trend: { layer: 'rss' as LayerName, bytesPerSecond: 0, p: 1, tau: 0, lateBytesPerSecond: 0, lateP: 1 }, patterns: [] }
  const patterns: Pattern[] = [...signs.patterns]
  if (findings.some((f) => f.layer === 'processes' && f.status === 'fail')) patterns.push('process-leak')
  if (findings.some((f) => f.layer === 'threads' && f.status === 'fail')) patterns.push('thread-leak')
  if (findings.some((f) => (f.layer === 'fds' || f.layer === 'resources') && f.status === 'fail')) patterns.push('handle-leak')

  const rssFinding = rss?.judged.finding
  // the guide's headline: RSS at the first and the last measured checkpoint, as printed
  const initial = first.rss
  const final = last.rss
  const reasons: string[] = []
  const limits = `${tierDescription(policy, tierName)}: warn when the late slope adds ${tier.warnPct}% over the run, fail over ${tier.failPct}%`
  if (inconclusive && status !== 'fail') {
    reasons.push(`inconclusive: ${mem.length} checkpoint${mem.length === 1 ? '' : 's'} over ${duration(durationMs)}, at least ${policy.evidence.minPoints} are needed to tell a plateau from a leak`)
  }
  if (decided) reasons.push(`${decided.reason}${decided.unit === 'bytes' ? `; ${limits}` : ''}`)
  else if (!inconclusive) reasons.push(passReason(findings, inner, limits))
  for (const f of findings) if (f !== decided && f.status !== 'pass' && !(f.layer === 'rss' && inner)) reasons.push(f.reason)
  if (parts.startupMs !== undefined) {
    reasons.push(`start-up left out of the baseline: the first ${duration(parts.startupMs - (parts.all[0]?.t ?? 0))} of the series`)
  }
  if (rssFinding && inner && rssFinding.reason.includes('not a leak')) reasons.push(rssFinding.reason)
  // on a pass the signs are kept in `patterns` but not argued: a plateau can look linear overall
  if (status !== 'pass') reasons.push(...signReasons(signs.trend, patterns, durationMs))

  const actions: string[] = []
  if (inconclusive && status !== 'fail') actions.push(...ACTIONS.inconclusive)
  if (decided) {
    actions.push(layerAction(decided.layer))
    if (decided.shape === 'settling') actions.push(...ACTIONS.settling)
    else if (status === 'warn') actions.push(...ACTIONS.slowLeak)
    if (status === 'fail' && decided.unit === 'bytes') actions.push(...ACTIONS.leak)
    actions.push(...patternActions(patterns))
  }

  const verdict: Verdict = {
    status,
    initial,
    final,
    growth: final - initial,
    growthPct: ((final - initial) * 100) / initial,
    durationMs,
    tier: tierName,
    thresholds: { warnPct: tier.warnPct, failPct: tier.failPct },
    layers: findings,
    trend: signs.trend,
    patterns,
    ...counters,
    reasons,
    actions: [...new Set(actions)],
  }
  if (decided) verdict.decidedBy = decided.layer
  if (inconclusive) verdict.inconclusive = true
  if (cycles !== undefined) verdict.cycles = cycles
  if (parts.startupMs !== undefined) verdict.startupMs = parts.startupMs - (parts.all[0]?.t ?? 0)
  const extend = wantsMore(status, decided, inconclusive, memory, inner, mem.length, policy)
  if (extend) verdict.extend = extend
  return verdict
}

/** A layer's values over the memory samples: x is the cycle where cycles are known, else seconds. */
function layerPoints(samples: readonly Sample[], layer: MemoryLayer, byCycle: boolean): Points {
  const points: Points = { xs: [], ts: [], ys: [] }
  for (const s of samples) {
    const v = memoryValue(s, layer)
    if (v === undefined || !Number.isFinite(v)) continue
    points.xs.push(byCycle ? (s.cycle as number) : s.t / 1000)
    points.ts.push(s.t / 1000)
    points.ys.push(v)
  }
  return points
}

function passReason(findings: readonly LayerFinding[], inner: boolean, limits: string): string {
  const memory = findings.filter((f) => f.unit === 'bytes' && !(f.layer === 'rss' && inner))
  const risen = [...memory].sort((a, b) => b.rosePct - a.rosePct)[0]
  const names = memory.map((f) => LAYER_LABEL[f.layer]).join(', ')
  if (!risen) return `no sustained growth; ${limits}`
  return `no sustained growth in ${names}: ${risen.reason}; ${limits}`
}

/** Why more cycles would settle the verdict, or undefined when it is clear. */
function wantsMore(
  status: Status,
  decided: LayerFinding | undefined,
  inconclusive: boolean,
  memory: Map<MemoryLayer, { judged: Judged }>,
  inner: boolean,
  points: number,
  policy: Policy,
): string | undefined {
  // a fail is clear, unless what decided it is still slowing down: a longer run may see it level off
  if (status === 'fail' && decided?.shape !== 'settling') return undefined
  if (inconclusive) return `only ${points} checkpoints, ${policy.evidence.minPoints} needed`
  if (decided?.unit === 'count') return undefined
  for (const [layer, m] of memory) if (m.judged.extend && !(layer === 'rss' && inner)) return m.judged.extend
  return undefined
}

function signReasons(trend: Verdict['trend'], patterns: readonly Pattern[], durationMs: number): string[] {
  const reasons: string[] = []
  const label = LAYER_LABEL[trend.layer]
  if (patterns.includes('linear-growth')) {
    reasons.push(`linear growth: ${label} ${rate(trend.bytesPerSecond, durationMs)} (Theil–Sen) over the run, Mann–Kendall ${pValue(trend.p)}`)
  }
  if (patterns.includes('no-stabilization')) reasons.push(`no stabilization: ${label} still rises in the late part (${pValue(trend.lateP)})`)
  if (patterns.includes('cycle-correlation') && trend.bytesPerCycle !== undefined) {
    reasons.push(`cycle correlation: ${label} ${deltaBytes(trend.bytesPerCycle)} per cycle`)
  }
  if (patterns.includes('no-gc-recovery') && trend.afterGc !== undefined && trend.gcRecovered !== undefined) {
    reasons.push(`no GC recovery: ${label} ${mb(trend.afterGc)} after the final forced GC, ${Math.round(trend.gcRecovered * 100)}% of the growth given back`)
  }
  return reasons
}

const TIER_SPAN = { short: 'runs under', medium: 'runs from', long: 'runs of' } as const

function tierDescription(policy: Policy, tier: Verdict['tier']): string {
  const { short, medium } = policy.tiers
  if (tier === 'short') return `${TIER_SPAN.short} ${duration(short.upToMs)}`
  if (tier === 'medium') return `${TIER_SPAN.medium} ${duration(short.upToMs)} to ${duration(medium.upToMs)}`
  return `${TIER_SPAN.long} ${duration(medium.upToMs)} or more`
}

