import { deltaBytes, deltaMb, duration, mb, pct, pValue, rate } from './_format.js'
import { ACTIONS, layerAction, patternActions } from './actions.js'
import { type Policy, type PolicyOverrides, resolvePolicy, tierFor } from './policy.js'
import { counterChange, endpoints, metricPoints, type SeriesParts, splitSeries } from './series.js'
import { memorySigns } from './signs.js'
import type { CounterChange, LayerGrowth, Metric, Pattern, SeriesSample, Status, Verdict } from './types.js'

const LAYERS: readonly Metric[] = ['rss', 'heapUsed', 'external', 'nativeHeap']
const TIER_SPAN = { short: 'runs under', medium: 'runs from', long: 'runs of' } as const

/**
 * Grades a series of samples: growth against the policy's tier for the run's length, then
 * the leak signs, which can turn a pass with a steady unabated rise into a warn, or a fail
 * that stabilized and came back under GC into a warn. Threads or open handles left after
 * teardown always fail.
 *
 * @example
 * const verdict = gradeSeries(samples, { tiers: { short: { failPct: 12 } } })
 * if (verdict.status === 'fail') console.log(verdict.reasons.join('\n'))
 */
export function gradeSeries(samples: readonly SeriesSample[], overrides?: PolicyOverrides | Policy): Verdict {
  const policy = resolvePolicy(overrides)
  const parts = splitSeries(samples)
  const metric = policy.metric
  const points = metricPoints(parts.memory, metric)
  const { initial, final } = endpoints(points.values, policy.trend.endpointShare)
  const growth = final - initial
  const growthPct = (growth * 100) / initial // exact at whole percentages, unlike growth / initial * 100
  const durationMs = ((points.ts.at(-1) ?? 0) - (points.ts[0] ?? 0)) * 1000
  const tier = tierFor(policy, durationMs)
  const { warnPct, failPct } = policy.tiers[tier]
  const signs = memorySigns(parts, metric, policy, initial, final)
  const counters = {
    threads: counterChange(parts, 'threads'),
    handles: counterChange(parts, 'handles'),
    resources: counterChange(parts, 'resources'),
  }
  const patterns = [...signs.patterns, ...counterPatterns(counters)]

  const tierLine = `${metricName(metric)} grew ${pct(growthPct)} (${mb(initial)} → ${mb(final)}, ${deltaMb(growth)}) over ${duration(durationMs)}`
  const limits = `${tierDescription(policy, tier)}: pass under ${warnPct}%, fail over ${failPct}%`
  let status: Status = growthPct < warnPct ? 'pass' : growthPct > failPct ? 'fail' : 'warn'
  const reasons = [`${tierLine}; ${limits}`]
  const actions: string[] = []

  if (patterns.includes('thread-leak') || patterns.includes('handle-leak')) {
    status = 'fail'
  } else if (status === 'pass' && patterns.includes('no-stabilization')) {
    status = 'warn'
    reasons.push('possible slow leak: under the pass threshold, but rising steadily and not stabilizing')
    actions.push(...ACTIONS.slowLeak)
  } else if (status === 'fail' && signs.stabilized && signs.recovered) {
    status = 'warn'
    reasons.push(`grew ${pct(growthPct)} but stabilized: cache or warm-up? check the memory budget`)
    actions.push(...ACTIONS.stabilized)
  } else if (status === 'warn' && patterns.includes('linear-growth')) {
    reasons.push('possible slow leak: the growth is linear')
    actions.push(...ACTIONS.slowLeak)
  } else if (status === 'warn') {
    actions.push(...ACTIONS.slowLeak)
  }
  if (status === 'fail') actions.push(...ACTIONS.leak)

  reasons.push(...signReasons(signs.trend, patterns, policy, durationMs, counters))
  const layers = layerGrowth(parts, policy)
  const grown = status === 'pass' ? undefined : largestLayer(layers)
  if (grown) {
    reasons.push(`${metricName(grown.metric)} grew most: ${deltaMb(grown.final - grown.initial)} (${pct(grown.growthPct)})`)
    actions.push(...layerAction(grown.metric))
  }
  if (status !== 'pass') actions.push(...patternActions(patterns))

  const verdict: Verdict = {
    status, metric, initial, final, growth, growthPct, durationMs, tier,
    thresholds: { warnPct, failPct },
    trend: signs.trend, patterns, layers, reasons,
    actions: [...new Set(actions)],
  }
  const cycles = cycleSpan(parts.measured)
  if (cycles !== undefined) verdict.cycles = cycles
  for (const key of ['threads', 'handles', 'resources'] as const) {
    const change = counters[key]
    if (change) verdict[key] = change
  }
  return verdict
}

function counterPatterns(counters: Record<'threads' | 'handles' | 'resources', CounterChange | undefined>): Pattern[] {
  const up = (c: CounterChange | undefined) => c !== undefined && c.final > c.initial
  const patterns: Pattern[] = []
  if (up(counters.threads)) patterns.push('thread-leak')
  if (up(counters.handles) || up(counters.resources)) patterns.push('handle-leak')
  return patterns
}

function signReasons(
  trend: Verdict['trend'],
  patterns: readonly Pattern[],
  policy: Policy,
  durationMs: number,
  counters: Record<'threads' | 'handles' | 'resources', CounterChange | undefined>,
): string[] {
  const reasons: string[] = []
  const speed = (bytesPerSecond: number) => rate(bytesPerSecond, durationMs)
  const share = Math.round(policy.trend.latePart * 100)
  const late = `the last ${share}% of the run rises at ${speed(trend.lateBytesPerSecond)}, ${Math.round(trend.lateRatio * 100)}% of the first ${share}%'s rate (${pValue(trend.lateP)})`
  if (patterns.includes('linear-growth')) {
    reasons.push(`linear growth: ${speed(trend.bytesPerSecond)} (Theil–Sen), rising throughout (Mann–Kendall ${pValue(trend.p)})`)
    if (patterns.includes('no-stabilization')) reasons.push(`no stabilization: ${late}`)
    else if (trend.lateRatio < policy.trend.lateRatio) reasons.push(`stabilizing: ${late}`)
    else reasons.push(`not shown to go on: ${late}, not significant`)
  }
  if (patterns.includes('cycle-correlation') && trend.bytesPerCycle !== undefined) {
    reasons.push(`cycle correlation: ${deltaBytes(trend.bytesPerCycle)} per cycle`)
  }
  if (patterns.includes('no-gc-recovery') && trend.afterGc !== undefined && trend.gcRecovered !== undefined) {
    reasons.push(`no GC recovery: ${mb(trend.afterGc)} after the final forced GC, ${Math.round(trend.gcRecovered * 100)}% of the growth given back`)
  }
  if (!patterns.includes('linear-growth') && durationMs > 0 && trend.p >= policy.trend.alpha) {
    reasons.push(`no steady trend: ${speed(trend.bytesPerSecond)} (Theil–Sen), Mann–Kendall ${pValue(trend.p)}`)
  }
  const { threads, handles, resources } = counters
  if (threads && threads.final > threads.initial) reasons.push(`Threads: ${threads.initial} → ${threads.final} (+${threads.final - threads.initial} threads)`)
  if (handles && handles.final > handles.initial) reasons.push(`Open fds: ${handles.initial} → ${handles.final} (+${handles.final - handles.initial})`)
  if (resources && resources.final > resources.initial) reasons.push(`Live libuv resources: ${resources.initial} → ${resources.final} (+${resources.final - resources.initial})`)
  return reasons
}

function layerGrowth(parts: SeriesParts, policy: Policy): LayerGrowth[] {
  return LAYERS.flatMap((metric) => {
    const { values } = metricPoints(parts.memory, metric)
    if (values.length < 2) return []
    const { initial, final } = endpoints(values, policy.trend.endpointShare)
    return [{ metric, initial, final, growthPct: ((final - initial) * 100) / initial }]
  })
}

/** The layer under RSS (JS heap, buffers, native heap) that grew most in bytes, if any grew. */
function largestLayer(layers: readonly LayerGrowth[]): LayerGrowth | undefined {
  const inner = layers.filter((l) => l.metric !== 'rss' && l.final > l.initial)
  return inner.sort((a, b) => b.final - b.initial - (a.final - a.initial))[0]
}

function cycleSpan(measured: readonly SeriesSample[]): number | undefined {
  const cycles = measured.flatMap((s) => (s.cycle === undefined ? [] : [s.cycle]))
  return cycles.length === 0 ? undefined : Math.max(...cycles) - Math.min(...cycles)
}

function metricName(metric: Metric): string {
  return { rss: 'RSS', heapUsed: 'JS heap (heapUsed)', external: 'Buffers and external memory', nativeHeap: 'native heap' }[metric]
}

function tierDescription(policy: Policy, tier: Verdict['tier']): string {
  const { short, medium } = policy.tiers
  if (tier === 'short') return `${TIER_SPAN.short} ${duration(short.upToMs)}`
  if (tier === 'medium') return `${TIER_SPAN.medium} ${duration(short.upToMs)} to ${duration(medium.upToMs)}`
  return `${TIER_SPAN.long} ${duration(medium.upToMs)} or more`
}
