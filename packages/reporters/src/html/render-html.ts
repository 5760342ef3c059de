import { createHash } from 'node:crypto'
import type { Sample } from '@leakwatch/contracts'
import { LAYER_LABEL, type LayerFinding, units, type Verdict } from '@leakwatch/grader'
import type { RunReport, ScenarioReport } from '@leakwatch/runner'
import { formatDiagnosis } from '../format-diagnosis.js'
import { uplotAssets } from './_assets.js'
import { type ChartData, chartData } from './_chart-data.js'
import { escapeHtml as h, jsonForScript } from './_escape.js'
import { PAGE_SCRIPT } from './_page-script.js'
import { PAGE_STYLE } from './_page-style.js'
import { SeriesCollector } from './_series-collector.js'

const { deltaBytes, deltaMb, duration, mb, pct, rate } = units

/** A scenario's samples, in time order: an array, or read as they stream (`readSamples`). */
export type SampleSource = Iterable<Sample> | AsyncIterable<Sample>

/**
 * Where the samples of a scenario come from: a map by scenario name, or a function that
 * returns them (undefined, or a string saying why, when there are none to draw).
 */
export type SeriesLoader = (scenario: ScenarioReport) => SampleSource | string | undefined | Promise<SampleSource | string | undefined>

export interface RenderHtmlOptions {
  /** Points per layer drawn, at most (LTTB downsampling). Default 2000. */
  points?: number
  /** Paths in the "Where it grew" block are shown relative to this folder. Default: the working folder. */
  root?: string
}

/**
 * The run as one self-contained HTML page: a summary table, then per scenario its status,
 * reasons, actions, where it grew, and a chart of every layer over time (uPlot, inlined),
 * with the warm-up shaded, checkpoints ticked, the planned end of an extended run, the late
 * slope of the deciding layer and the tier's warn and fail levels. It loads nothing from the
 * network, and every string a scenario supplies is escaped (in the HTML and in the embedded
 * JSON alike). Samples are read once, as they stream, into a bounded summary of each layer.
 *
 * @example
 * const html = await renderHtml(report, (s) => readSamples(s.samplesFile))
 * await writeFile('leakwatch-results.html', html)
 */
export async function renderHtml(report: RunReport, series: ReadonlyMap<string, SampleSource> | SeriesLoader, options: RenderHtmlOptions = {}): Promise<string> {
  const points = options.points ?? 2000
  const load: SeriesLoader = typeof series === 'function' ? series : (s) => series.get(s.name) ?? 'no samples were given for it'
  const sections: string[] = []
  const charts: Array<ChartData & { id: number; name: string }> = []
  for (const [i, scenario] of report.scenarios.entries()) {
    const chart = await collectChart(scenario, load, points)
    if (typeof chart === 'string') sections.push(section(scenario, i, chart, options))
    else {
      charts.push({ id: i, name: scenario.name, ...chart })
      sections.push(section(scenario, i, chart, options))
    }
  }
  const { js, css } = uplotAssets()
  const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
  // scripts run only by hash: an injected inline handler or <script> could not run even if one slipped through
  const csp = `default-src 'none'; script-src ${sha(js)} ${sha(PAGE_SCRIPT)}; style-src 'unsafe-inline'; img-src data:`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>leakwatch report: ${h(totalsLine(report))}</title>
<style>${css}</style>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>leakwatch report</h1>
<p class="meta">${h(metaLine(report))}</p>
${report.interrupted ? '<p class="note">The run was interrupted: the scenarios below are those that ran.</p>\n' : ''}</header>
${summaryTable(report)}
${sections.join('\n')}
<script type="application/json" id="leakwatch-data">${jsonForScript({ charts })}</script>
<script>${js}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`
}

async function collectChart(scenario: ScenarioReport, load: SeriesLoader, points: number): Promise<ChartData | string> {
  let source: SampleSource | string | undefined
  try {
    source = await load(scenario)
    if (source === undefined) return 'no samples were recorded'
    if (typeof source === 'string') return source
    const collected = new SeriesCollector()
    for await (const sample of source) collected.add(sample)
    if (collected.count === 0) return 'the samples file holds no samples'
    return chartData(scenario, collected, points)
  } catch (err) {
    return `the samples could not be read: ${(err as Error).message}`
  }
}

function metaLine(report: RunReport): string {
  const { env } = report
  return [
    `${report.tool.name} ${report.tool.version}`,
    `started ${report.startedAt}`,
    `took ${duration(report.durationMs)}`,
    `Node ${env.node} on ${env.platform}/${env.arch}, ${env.cpus} CPUs, ${(env.totalMemory / 2 ** 30).toFixed(1)} GiB of memory${env.ci ? ', CI' : ''}`,
    `scale ${report.scale}`,
    totalsLine(report),
  ].join(' · ')
}

function totalsLine(report: RunReport): string {
  const parts = (['fail', 'warn', 'error', 'pass', 'skip'] as const).filter((s) => report.totals[s] > 0).map((s) => `${report.totals[s]} ${s}`)
  return parts.length > 0 ? parts.join(', ') : 'no scenarios'
}

function badge(status: string): string {
  return `<span class="badge ${h(status)}">${h(status.toUpperCase())}</span>`
}

function summaryTable(report: RunReport): string {
  const rows = report.scenarios.map((s, i) => {
    const v = s.verdict
    const finding = deciding(v)
    const cells = [
      `<td class="name"><a href="#s-${i}">${h(s.name)}</a></td>`,
      `<td>${badge(s.status)}</td>`,
      `<td>${v?.decidedBy ? h(LAYER_LABEL[v.decidedBy]) : '-'}</td>`,
      `<td class="num">${v ? h(`${deltaMb(v.growth)} (${pct(v.growthPct)})`) : '-'}</td>`,
      `<td class="num">${finding ? h(slopeText(finding, v as Verdict)) : '-'}</td>`,
      `<td class="num">${h(duration(s.durationMs))}</td>`,
    ]
    return `<tr>${cells.join('')}</tr>`
  })
  return `<table class="summary">
<thead><tr><th>Scenario</th><th>Status</th><th>Decided by</th><th>RSS growth</th><th>Late slope</th><th>Time</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}

/** The finding whose slope the summary shows and the chart fits: the deciding layer, else RSS. */
function deciding(v: Verdict | undefined): LayerFinding | undefined {
  return v?.layers.find((l) => l.layer === (v.decidedBy ?? 'rss'))
}

function slopeText(finding: LayerFinding, verdict: Verdict): string {
  const slope = finding.slope
  if (!slope) return '-'
  const label = verdict.decidedBy ? '' : 'RSS '
  if (finding.unit === 'count') return `${label}${slope.value >= 0 ? '+' : ''}${slope.value.toPrecision(2)}/${slope.per}`
  return `${label}${slope.per === 'cycle' ? `${deltaBytes(slope.value)}/cycle` : rate(slope.value, verdict.durationMs)}`
}

function section(s: ScenarioReport, i: number, chart: ChartData | string, options: RenderHtmlOptions): string {
  const v = s.verdict
  const parts = [`<section class="scenario ${h(s.status)}" id="s-${i}">`, `<h2>${h(s.name)} ${badge(s.status)}</h2>`]
  parts.push(`<p class="desc">${h([s.suite, s.description].filter(Boolean).join(': '))} · ${h(duration(s.durationMs))}</p>`)
  if (s.error) parts.push(`<p><strong>Error:</strong> ${h(s.error)}</p>`)
  if (s.skipped) parts.push(`<p><strong>Skipped:</strong> ${h(s.skipped)}</p>`)
  if (s.extended) {
    const e = s.extended
    parts.push(`<p><strong>Extended:</strong> ${h(`${e.planned} → ${e.ran} ${e.unit}, because ${e.reasons.join('; ')}`)}</p>`)
  }
  if (s.leftoverProcesses?.length) parts.push(`<p><strong>Left running:</strong> ${h(s.leftoverProcesses.join(', '))}</p>`)
  if (v) {
    parts.push(`<ul class="reasons">${v.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>`)
    if (v.actions.length > 0) parts.push(`<h3>Actions</h3>\n<ol class="actions">${v.actions.map((a) => `<li>${h(a)}</li>`).join('')}</ol>`)
  }
  parts.push('<h3>Over time</h3>')
  if (typeof chart === 'string') parts.push(`<p class="note">No chart: ${h(chart)}${s.samplesFile ? ` (${h(s.samplesFile)})` : ''}.</p>`)
  else parts.push(`<div class="chart" id="chart-${i}"></div>`, chartLegend(chart))
  if (v && v.layers.length > 0) parts.push(layerTable(v))
  if (s.diagnosis) parts.push('<h3>Where it grew</h3>', `<pre>${h(formatDiagnosis(s.diagnosis, options.root === undefined ? {} : { root: options.root }))}</pre>`)
  parts.push('</section>')
  return parts.join('\n')
}

/** What the marks on the chart mean (uPlot's own legend names the lines). */
function chartLegend(chart: ChartData): string {
  const items: string[] = []
  const item = (cls: string, text: string) => items.push(`<li><span class="swatch ${cls}"></span>${h(text)}</li>`)
  if (chart.warmup) item('sw-warmup', 'warm-up')
  if (chart.teardown) item('sw-teardown', 'teardown and after')
  if (chart.checkpoints.length > 0) item('sw-tick', `checkpoints (${chart.checkpoints.length})`)
  if (chart.plannedEnd !== undefined) item('sw-planned', 'planned end (the run was extended past it)')
  if (chart.fit) item('sw-fit', `late slope of ${chart.fit.label} (the grader's fit over its late window)`)
  if (chart.bands) {
    const unit = chart.bands.axis === 'bytes' ? ' MiB' : ''
    item('sw-warn', `warn: baseline +${chart.bands.warnPct}% (${chart.bands.warn.toFixed(1)}${unit})`)
    item('sw-fail', `fail: baseline +${chart.bands.failPct}% (${chart.bands.fail.toFixed(1)}${unit})`)
  }
  return `<ul class="chart-legend">${items.join('')}</ul>`
}

function layerTable(v: Verdict): string {
  const level = (f: LayerFinding, n: number) => (f.unit === 'bytes' ? mb(n) : String(Math.round(n)))
  const rows = v.layers.map((f) => {
    const mark = f.layer === v.decidedBy ? ' (decided)' : ''
    return `<tr><td>${h(LAYER_LABEL[f.layer] + mark)}</td><td>${badge(f.status)}</td><td class="num">${h(level(f, f.baseline))}</td><td class="num">${h(level(f, f.final))}</td><td class="num">${h(pct(f.rosePct))}</td><td class="num">${h(slopeText(f, { ...v, decidedBy: f.layer }))}</td><td>${h(f.shape ?? '-')}</td></tr>`
  })
  return `<h3>Layers</h3>
<table class="layers"><thead><tr><th>Layer</th><th>Status</th><th>Baseline</th><th>Final</th><th>Rose</th><th>Late slope</th><th>Shape</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`
}
