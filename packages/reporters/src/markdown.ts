import { LAYER_LABEL, type Status, units, type Verdict } from '@leakwatch/grader'
import type { RunReport, ScenarioReport } from '@leakwatch/runner'
import { escapeControl } from './escape-control.js'
import { formatDiagnosis } from './format-diagnosis.js'

const { deltaBytes, deltaMb, duration, pct } = units

/** GitHub's cap on one step's summary is 1 MiB; this leaves room for what other steps write. */
export const STEP_SUMMARY_MAX_BYTES = 1_000_000

export interface RenderMarkdownOptions {
  /** Paths in "Where it grew" are shown relative to this folder. Default: the working folder. */
  root?: string
  /**
   * The most bytes (UTF-8) the document may take. Whole sections that do not fit are left
   * out, and a last line says how many. Default: no limit.
   */
  maxBytes?: number
}

const STATUS_LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP', error: 'ERROR' }
const TOTALS_ORDER: ReadonlyArray<[Status, string]> = [
  ['fail', 'failed'],
  ['error', 'errored'],
  ['warn', 'warned'],
  ['pass', 'passed'],
  ['skip', 'skipped'],
]

/**
 * A run's results as GitHub-flavoured Markdown, for a CI job's summary or a pull request
 * comment: a heading with the totals, a table with a row per scenario (status, the layer that
 * decided, RSS growth, that layer's late slope, time), then a section per scenario that
 * failed, errored or warned, with its reasons, numbered actions and, when a diagnosis pass ran,
 * where it grew. Every string a scenario supplies is escaped, so a name with `|` or `<` keeps
 * the table whole and cannot inject HTML.
 *
 * With `maxBytes`, the table rows and sections that would go over it are left out, whole and
 * from the end, and a last line says how many; the heading is always kept. The results file
 * keeps everything.
 *
 * @example
 * await appendFile(process.env.GITHUB_STEP_SUMMARY, renderMarkdown(report, { maxBytes: STEP_SUMMARY_MAX_BYTES }))
 */
export function renderMarkdown(report: RunReport, { root = process.cwd(), maxBytes = Number.POSITIVE_INFINITY }: RenderMarkdownOptions = {}): string {
  const head = [heading(report), '', '| Scenario | Status | Deciding layer | Growth | Late slope | Time |', '| --- | --- | --- | --- | --- | --- |'].join('\n')
  const rows = report.scenarios.map((s) => `${tableRow(s)}\n`)
  const sections = report.scenarios.filter((s) => s.status === 'fail' || s.status === 'error' || s.status === 'warn').map((s) => `\n${section(s, root)}`)
  const whole = `${head}\n${rows.join('')}${sections.join('')}`
  if (byteLength(whole) <= maxBytes) return whole
  // room for the closing line, however many it counts
  const room = maxBytes - byteLength(leftOut(rows.length, sections.length, maxBytes)) - 2
  let text = `${head}\n`
  let size = byteLength(text)
  let shown = 0
  for (const part of [...rows, ...sections]) {
    const partSize = byteLength(part)
    // in order, so a section is never shown without the table before it
    if (size + partSize > room) break
    text += part
    size += partSize
    shown++
  }
  const rowsLeft = Math.max(0, rows.length - shown)
  const sectionsLeft = sections.length - Math.max(0, shown - rows.length)
  return `${text}\n${leftOut(rowsLeft, sectionsLeft, maxBytes)}\n`
}

/**
 * Text from a scenario made inert in Markdown and HTML, on one line: control characters are
 * written out (`\u000a`), `&`, `<`, `>` and `"` become entities, the punctuation that means
 * something anywhere in a line (`\`, backticks, `*`, `_`, `[`, `]`, `|`, `~`) is
 * backslash-escaped, `|` included so the text can sit in a table cell, and so is a first
 * character that would start a heading or a list (`#`, `-`, `+`, `=`, `1.`).
 *
 * @example
 * escapeMarkdown('a|b <i>') // 'a\\|b &lt;i&gt;'
 */
export function escapeMarkdown(text: string): string {
  return escapeControl(text)
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
}

function heading(report: RunReport): string {
  const counts = TOTALS_ORDER.filter(([status]) => report.totals[status] > 0).map(([status, word]) => `${report.totals[status]} ${word}`)
  const total = report.scenarios.length
  const lines = [`## leakwatch: ${counts.length > 0 ? counts.join(', ') : 'no scenarios'} (${total} ${total === 1 ? 'scenario' : 'scenarios'}, ${duration(report.durationMs)})`]
  lines.push('', `${escapeMarkdown(`${report.tool.name} ${report.tool.version}`)}, Node ${escapeMarkdown(report.env.node)} on ${escapeMarkdown(`${report.env.platform}/${report.env.arch}`)}, scale ${report.scale}, started ${escapeMarkdown(report.startedAt)}.`)
  if (report.interrupted) lines.push('', '**The run was interrupted:** only the scenarios listed ran.')
  return lines.join('\n')
}

function tableRow(s: ScenarioReport): string {
  const v = s.verdict
  const name = `${escapeMarkdown(s.name)} (${escapeMarkdown(s.suite)})`
  const status = `${STATUS_LABEL[s.status]}${v?.inconclusive ? ' (inconclusive)' : ''}`
  const layer = v?.decidedBy ? LAYER_LABEL[v.decidedBy] : '-'
  const growth = v ? `${deltaMb(v.growth)} (${pct(v.growthPct)})` : '-'
  return `| ${name} | ${status} | ${layer} | ${growth} | ${lateSlope(v)} | ${duration(s.durationMs)} |`
}

/** The late slope of the layer that decided: "+12.0 KiB/cycle", "+3 B/s"; "-" where there is none. */
function lateSlope(v: Verdict | undefined): string {
  const slope = v?.layers.find((l) => l.layer === v.decidedBy)?.slope
  if (!slope) return '-'
  return `${deltaBytes(slope.value)}/${slope.per === 'cycle' ? 'cycle' : 's'}`
}

function section(s: ScenarioReport, root: string): string {
  const lines = [`### ${STATUS_LABEL[s.status]}: ${escapeMarkdown(s.name)} (${escapeMarkdown(s.suite)})`, '']
  if (s.description) lines.push(escapeMarkdown(s.description), '')
  if (s.error) lines.push(`**Error:** ${escapeMarkdown(s.error)}`, '')
  const v = s.verdict
  if (v && v.reasons.length > 0) {
    for (const reason of v.reasons) lines.push(`- ${escapeMarkdown(reason)}`)
    lines.push('')
  }
  if (v && v.actions.length > 0) {
    lines.push('Actions:', '')
    v.actions.forEach((action, i) => lines.push(`${i + 1}. ${escapeMarkdown(action)}`))
    lines.push('')
  }
  if (s.diagnosis) {
    // formatDiagnosis escapes control characters; in a code block nothing else is special
    const block = formatDiagnosis(s.diagnosis, { root })
    lines.push('Where it grew:', '', `${fence(block)}text`, block.trimEnd(), fence(block), '')
  }
  if (s.file) lines.push(`Scenario file: ${escapeMarkdown(s.file)}`, '')
  lines.push(`Samples: ${escapeMarkdown(s.samplesFile)}`, '')
  return lines.join('\n')
}

/** A code fence longer than any run of backticks in the block, so nothing in it can close it. */
function fence(block: string): string {
  const longest = Math.max(0, ...[...block.matchAll(/`+/g)].map((m) => m[0].length))
  return '`'.repeat(Math.max(3, longest + 1))
}

function leftOut(rows: number, sections: number, maxBytes: number): string {
  const parts = []
  if (rows > 0) parts.push(`${rows} table ${rows === 1 ? 'row' : 'rows'}`)
  if (sections > 0) parts.push(`${sections} ${sections === 1 ? 'section' : 'sections'}`)
  return `_${parts.join(' and ')} left out to stay within ${maxBytes} bytes; the results file has them all (\`--reporter json\`)._`
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}
