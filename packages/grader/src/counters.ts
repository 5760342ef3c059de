import type { Sample } from '@leakwatch/contracts'
import { allowGrowth, type JudgeContext, judgeMemory } from './judge-memory.js'
import { COUNTER_BREAKDOWN, COUNTER_FIELD, type CounterLayer, LAYER_LABEL } from './layers.js'
import type { Policy } from './policy.js'
import type { SeriesParts } from './series.js'
import type { CounterChange, LayerFinding } from './types.js'

/**
 * A counter of a run with phases: its value before setup (see `beforeSetup`) against the last
 * one after teardown. More after teardown is a leak,
 * whatever happened in between: a counter that rises during the run and falls back is not.
 * The types or kinds that grew are named where the samples break the counter down.
 */
export function counterAfterTeardown(parts: SeriesParts, layer: CounterLayer, policy: Policy): { change: CounterChange; finding: LayerFinding } | undefined {
  const field = COUNTER_FIELD[layer]
  const first = beforeSetup(parts, (s) => s[field] !== undefined)
  const finalFrom = parts.after.length > 0 ? parts.after : parts.all
  const last = finalFrom.findLast((s) => s[field] !== undefined)
  if (!first || !last) return undefined
  const initial = first[field] as number
  const final = last[field] as number
  const change: CounterChange = { initial, final }
  const grew = breakdownGrowth(parts, layer)
  if (grew) change.grew = grew
  const leaked = final > initial
  const finding: LayerFinding = {
    layer,
    status: leaked ? 'fail' : 'pass',
    unit: 'count',
    baseline: initial,
    final,
    rosePct: initial > 0 ? ((final - initial) * 100) / initial : 0,
    evidence: { points: parts.all.filter((s) => s[field] !== undefined).length, latePoints: 0, spanMs: spanOf(parts) },
    reason: leaked
      ? `${LAYER_LABEL[layer]} left after teardown: ${initial} → ${final} (+${final - initial}${grew ? `: ${describeGrowth(grew)}` : ''})`
      : `${LAYER_LABEL[layer]} came back after teardown: ${initial} → ${final}`,
  }
  if (grew) finding.grew = grew
  return { change, finding: allowGrowth({ finding }, policy).finding }
}

/**
 * A counter of a series without teardown (a process sampled from outside): judged like memory,
 * on sustained late growth, but a fail needs it to keep rising by at least `minRise` over the
 * run: connections that come and go, or a pool that grows to its size, are not leaks.
 */
export function counterTrend(parts: SeriesParts, layer: CounterLayer, ctx: Omit<JudgeContext, 'unit'>): { change: CounterChange; finding: LayerFinding } | undefined {
  const field = COUNTER_FIELD[layer]
  const xs: number[] = []
  const ts: number[] = []
  const ys: number[] = []
  for (const s of parts.measured) {
    const v = s[field]
    if (v === undefined) continue
    xs.push(s.t / 1000)
    ts.push(s.t / 1000)
    ys.push(v)
  }
  if (ys.length < 2) return undefined
  const { finding } = judgeMemory(layer, { xs, ts, ys }, { ...ctx, unit: 'count' })
  const rise = (finding.slope?.value ?? 0) * ((xs.at(-1) as number) - (xs[0] as number))
  if (finding.status !== 'pass' && rise < ctx.policy.counters.minRise) {
    finding.status = 'pass'
    finding.reason = `${LAYER_LABEL[layer]} rose by ${rise.toFixed(1)} over the run: under ${ctx.policy.counters.minRise}, not a leak`
  } else if (finding.status === 'warn' && finding.shape === 'rising') {
    finding.status = 'fail' // a counter that keeps rising to the end never comes back
  }
  const change: CounterChange = { initial: ys[0] as number, final: ys.at(-1) as number }
  const grew = breakdownGrowth(parts, layer)
  if (grew && finding.status !== 'pass') {
    change.grew = grew
    finding.grew = grew
    finding.reason += ` (${describeGrowth(grew)})`
  }
  return { change, finding }
}

/**
 * The first sample that `has` the counter, taken inside the process when the series holds one:
 * in a scenario run, the runner's checkpoint before setup. A sample taken from outside at that
 * moment can catch the child in the middle of that checkpoint, with the /proc file it reads
 * open, and count it as one more file than teardown comes back to.
 */
function beforeSetup(parts: SeriesParts, has: (s: Sample) => boolean): Sample | undefined {
  return parts.all.find((s) => s.heapUsed !== undefined && has(s)) ?? parts.all.find(has)
}

/** By type or kind, what the counter gained between its first and its last breakdown. */
function breakdownGrowth(parts: SeriesParts, layer: CounterLayer): Record<string, number> | undefined {
  const key = COUNTER_BREAKDOWN[layer]
  if (!key) return undefined
  const first = beforeSetup(parts, (s) => s[key] !== undefined)?.[key]
  const finalFrom = parts.after.some((s) => s[key] !== undefined) ? parts.after : parts.all
  const last = finalFrom.findLast((s) => s[key] !== undefined)?.[key]
  if (!first || !last || first === last) return undefined
  const grew: Record<string, number> = {}
  for (const [type, count] of Object.entries(last)) {
    const delta = count - ((first as Record<string, number>)[type] ?? 0)
    if (delta > 0) grew[type] = delta
  }
  return Object.keys(grew).length > 0 ? grew : undefined
}

/** "Timeout +600, TCPSocketWrap +12", largest first. */
export function describeGrowth(grew: Record<string, number>): string {
  return Object.entries(grew)
    .sort((a, b) => b[1] - a[1])
    .map(([type, delta]) => `${type} +${delta}`)
    .join(', ')
}

function spanOf(parts: SeriesParts): number {
  return (parts.all.at(-1)?.t ?? 0) - (parts.all[0]?.t ?? 0)
}
