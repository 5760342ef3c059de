import { LAYER_LABEL, units } from '@leakwatch/grader'
import type { RunReport, ScenarioReport } from '@leakwatch/runner'
import { escapeControl as safe } from './escape-control.js'
import { plainStyle, type Style } from './style.js'

const { deltaBytes, deltaMb, duration, pct } = units

/** The columns every summary shows, console and Markdown alike: one row per scenario. */
export interface SummaryRow {
  scenario: string
  status: ScenarioReport['status']
  decidedBy: string
  growth: string
  slope: string
  time: string
}

/** A scenario's row: the deciding layer (or RSS when none decided), its late slope, the run's growth and time. */
export function summaryRow(report: ScenarioReport): SummaryRow {
  const verdict = report.verdict
  const layer = verdict?.layers.find((l) => l.layer === (verdict.decidedBy ?? 'rss'))
  const slope = layer?.slope
  return {
    scenario: report.name,
    status: report.status,
    decidedBy: verdict?.decidedBy ? LAYER_LABEL[verdict.decidedBy] : '',
    growth: verdict ? `${deltaMb(verdict.growth)} (${pct(verdict.growthPct)})` : '',
    slope: slope ? `${layer?.unit === 'bytes' ? deltaBytes(slope.value) : `${slope.value >= 0 ? '+' : ''}${slope.value.toPrecision(2)}`}/${slope.per === 'cycle' ? 'cycle' : 's'}` : '',
    time: duration(report.durationMs),
  }
}

/** The first line of why a scenario did not pass: its error, skip reason or first verdict reason. */
export function firstReason(report: ScenarioReport): string {
  return report.error ?? report.skipped ?? report.verdict?.reasons[0] ?? ''
}

const HEAD = ['scenario', 'status', 'decided by', 'growth', 'late slope', 'time'] as const

/**
 * The run's last words on the console: a table with a row per scenario, then every failure,
 * error and warning by name with its first reason, then the totals. Scenario names and reasons
 * are printed with their control characters escaped.
 */
export function formatSummary(report: RunReport, style: Style = plainStyle): string {
  const rows = report.scenarios.map(summaryRow)
  const cells = rows.map((r) => [safe(r.scenario), r.status.toUpperCase(), r.decidedBy || '-', r.growth || '-', r.slope || '-', r.time])
  const widths = HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)))
  const line = (c: readonly string[]) => `  ${c.map((text, i) => (i === c.length - 1 ? text : text.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd()
  const out = ['', style.bold('Summary'), style.dim(line(HEAD))]
  cells.forEach((c, i) => {
    const status = rows[i]?.status ?? 'pass'
    // coloured after padding, so the escapes do not count towards the widths
    out.push(line(c).replace(c[1] ?? '', style.byStatus(status, c[1] ?? '')))
  })
  const groups = [
    ['fail', 'Failed'],
    ['error', 'Errors'],
    ['warn', 'Warned'],
  ] as const
  for (const [status, title] of groups) {
    const named = report.scenarios.filter((s) => s.status === status)
    if (named.length === 0) continue
    out.push(style.byStatus(status, `${title} (${named.length}):`))
    for (const s of named) out.push(`  ${safe(s.name)}: ${safe(firstReason(s))}`)
  }
  const t = report.totals
  out.push('', `${report.interrupted ? 'interrupted: ' : ''}${t.pass} passed, ${t.warn} warned, ${t.fail} failed, ${t.error} errors, ${t.skip} skipped in ${(report.durationMs / 1000).toFixed(1)} s`)
  return `${out.join('\n')}\n`
}
