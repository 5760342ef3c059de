import { DEFAULT_POLICY, LAYER_LABEL, type LayerFinding } from '@leakwatch/grader'
import type { ScenarioReport } from '@leakwatch/runner'
import { CHART_LAYERS, LAYER_KEY, type Mark, type SeriesCollector } from './_series-collector.js'

const MIB = 1024 * 1024

/** One line of a chart: x in seconds since the first sample, y in MiB or a count. */
export interface ChartSeries {
  key: string
  label: string
  axis: 'bytes' | 'count'
  color: string
  xs: number[]
  ys: number[]
}

/** What the page draws for one scenario (seconds since the first sample; MiB on the bytes axis). */
export interface ChartData {
  series: ChartSeries[]
  warmup?: [number, number]
  teardown?: [number, number]
  checkpoints: number[]
  /** Where the planned run ended, when it was extended. */
  plannedEnd?: number
  /** The late-slope fit of the deciding layer (RSS on a pass), over its late window. */
  fit?: { key: string; label: string; axis: 'bytes' | 'count'; x0: number; y0: number; x1: number; y1: number }
  /** The verdict's warn and fail levels, relative to that layer's baseline. */
  bands?: { key: string; axis: 'bytes' | 'count'; baseline: number; warn: number; fail: number; warnPct: number; failPct: number }
}

/** Rounds for the page: a thousandth of a second, of a MiB (about a KiB), of a count. */
const round = (v: number) => Math.round(v * 1000) / 1000

/**
 * The chart of one scenario from what its samples gave: each layer downsampled with LTTB to
 * at most `points`, and the marks the verdict explains: warm-up, teardown, checkpoints, the
 * planned end of an extended run, the late-slope fit and the tier levels.
 */
export function chartData(scenario: ScenarioReport, collected: SeriesCollector, points: number): ChartData {
  const t0 = collected.first ?? 0
  const sec = (t: number) => round((t - t0) / 1000)
  const decided = scenario.verdict?.decidedBy
  const series: ChartSeries[] = []
  for (const layer of CHART_LAYERS) {
    const d = collected.layers.get(layer.key)
    // RSS outside the heap and malloc is a derived line: drawn only when it decided
    if (!d || (layer.key === 'outside' && decided !== 'outside')) continue
    const { xs, ys } = d.points(points)
    const scale = layer.axis === 'bytes' ? MIB : 1
    series.push({ key: layer.key, label: layer.label, axis: layer.axis, color: layer.color, xs: xs.map(sec), ys: ys.map((y) => round(y / scale)) })
  }
  const data: ChartData = { series, checkpoints: collected.marks.map((m) => sec(m.t)) }
  const warmup = collected.phases.get('warmup')
  const measure = collected.phases.get('measure')
  if (warmup) data.warmup = [sec(warmup.from), sec(measure?.from ?? warmup.to)]
  const teardown = collected.phases.get('teardown') ?? collected.phases.get('after')
  if (teardown && collected.last !== undefined) data.teardown = [sec(teardown.from), sec(collected.last)]
  const planned = plannedEnd(scenario, collected)
  if (planned !== undefined) data.plannedEnd = sec(planned)

  const finding = scenario.verdict?.layers.find((l) => l.layer === (decided ?? 'rss'))
  const key = finding && LAYER_KEY[finding.layer]
  if (finding && key && series.some((s) => s.key === key)) {
    const axis = finding.unit
    const scale = axis === 'bytes' ? MIB : 1
    const fit = lateFit(finding, scenario, collected)
    if (fit) data.fit = { key, label: LAYER_LABEL[finding.layer], axis, x0: sec(fit.t0), y0: round(fit.y0 / scale), x1: sec(fit.t1), y1: round(fit.y1 / scale) }
    const thresholds = scenario.verdict?.thresholds
    if (thresholds && axis === 'bytes') {
      // results files before the finding carried `percentOf`: the default policy's floor
      const base = finding.percentOf ?? Math.max(finding.baseline, DEFAULT_POLICY.memory.minBaselineBytes)
      const level = (p: number) => round((finding.baseline + (base * p) / 100) / scale)
      data.bands = { key, axis, baseline: round(finding.baseline / scale), warn: level(thresholds.warnPct), fail: level(thresholds.failPct), ...thresholds }
    }
  }
  return data
}

/** When the planned measured run ended, where the run went on past it. */
function plannedEnd(scenario: ScenarioReport, collected: SeriesCollector): number | undefined {
  const extended = scenario.extended
  if (!extended) return undefined
  if (extended.unit === 'ms') {
    const start = collected.measured.first?.t ?? collected.phases.get('measure')?.from
    return start === undefined ? undefined : start + extended.planned
  }
  return timeOfCycle(measuredMarks(collected), extended.planned)
}

/**
 * The late-slope fit of a layer over its late window (the last `latePart` of the measured
 * run, as the grader cut it; the default policy's for results files that do not say): through
 * the layer's final level at the end, back along its slope to the start of the window.
 */
function lateFit(finding: LayerFinding, scenario: ScenarioReport, collected: SeriesCollector): { t0: number; t1: number; y0: number; y1: number } | undefined {
  const slope = finding.slope
  if (!slope) return undefined
  const late = slope.latePart ?? DEFAULT_POLICY.trend.latePart
  const { first, last, count } = collected.measured
  if (slope.per === 'cycle') {
    if (!first || !last || count < 2 || last.cycle <= first.cycle) return undefined
    const from = first.cycle + (1 - late) * (last.cycle - first.cycle)
    const t0 = timeOfCycle(measuredMarks(collected), from)
    if (t0 === undefined) return undefined
    return { t0, t1: last.t, y0: finding.final - slope.value * (last.cycle - from), y1: finding.final }
  }
  // seconds: the checkpoints when there are two, else the measured samples (after start-up)
  const measure = collected.phases.get('measure')
  let start: number | undefined
  let end: number | undefined
  if (first && last && count >= 2) [start, end] = [first.t, last.t]
  else if (measure) [start, end] = [measure.from, measure.to]
  else if (collected.first !== undefined && collected.last !== undefined) [start, end] = [collected.first + (scenario.verdict?.startupMs ?? 0), collected.last]
  if (start === undefined || end === undefined || end <= start) return undefined
  const t0 = start + (1 - late) * (end - start)
  return { t0, t1: end, y0: finding.final - (slope.value * (end - t0)) / 1000, y1: finding.final }
}

function measuredMarks(collected: SeriesCollector): Mark[] {
  const marks = collected.marks.filter((m) => m.measure)
  const { first, last } = collected.measured
  if (first && marks[0]?.t !== first.t) marks.unshift(first)
  if (last && marks.at(-1)?.t !== last.t) marks.push(last)
  return marks
}

/** The time a cycle was reached, interpolated between the checkpoints around it. */
function timeOfCycle(marks: readonly Mark[], cycle: number): number | undefined {
  for (let i = 1; i < marks.length; i++) {
    const a = marks[i - 1] as Mark
    const b = marks[i] as Mark
    if (cycle >= a.cycle && cycle <= b.cycle) return b.cycle === a.cycle ? a.t : a.t + ((cycle - a.cycle) / (b.cycle - a.cycle)) * (b.t - a.t)
  }
  return undefined
}
