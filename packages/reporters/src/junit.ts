import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { Status } from '@leakwatch/grader'
import type { RunReport, ScenarioReport } from '@leakwatch/runner'
import { formatDiagnosis } from './format-diagnosis.js'

export interface RenderJunitOptions {
  /** `--fail-on warn`: a warn is written as a `<failure>` and counted with the failures. */
  warnIsFailure?: boolean
  /** Scenario files and the diagnosis's sites are shown relative to this folder. Default: the working folder. */
  root?: string
}

/**
 * A run's results as JUnit XML, the format CI servers read test results from (Jenkins, GitLab,
 * Azure Pipelines, GitHub test-report actions): a `<testsuite>` per leakwatch suite and a
 * `<testcase>` per scenario (classname `leakwatch.<suite>`). A fail is a `<failure>` whose
 * type is the layer that decided, an error an `<error>`, a skip `<skipped>`; a scenario from
 * a file names it in `file` (relative to `root` when below it); a warn passes
 * with its reasons in `<system-out>`, unless `warnIsFailure`. Every testcase has the
 * properties `leakwatch.status`, `leakwatch.decidedBy`, `leakwatch.growthPct` and
 * `leakwatch.samplesFile` (empty where they do not apply), and names its samples file as a
 * Jenkins attachment (`[[ATTACHMENT|/abs/path]]`). Times are seconds.
 * `schema/junit.xsd` in this package describes what it writes.
 *
 * @example
 * await writeFile('leakwatch-results.xml', renderJunit(report, { warnIsFailure: true }))
 */
export function renderJunit(report: RunReport, { warnIsFailure = false, root = process.cwd() }: RenderJunitOptions = {}): string {
  const failed = (status: Status) => status === 'fail' || (warnIsFailure && status === 'warn')
  const bySuite = new Map<string, ScenarioReport[]>()
  for (const s of report.scenarios) bySuite.set(s.suite, [...(bySuite.get(s.suite) ?? []), s])
  const count = (scenarios: ScenarioReport[]) => ({
    tests: scenarios.length,
    failures: scenarios.filter((s) => failed(s.status)).length,
    errors: scenarios.filter((s) => s.status === 'error').length,
    skipped: scenarios.filter((s) => s.status === 'skip').length,
  })
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
  lines.push(`<testsuites${attrs({ name: 'leakwatch', ...count(report.scenarios), time: seconds(report.durationMs), timestamp: report.startedAt })}>`)
  for (const [suite, scenarios] of bySuite) {
    const time = seconds(scenarios.reduce((sum, s) => sum + s.durationMs, 0))
    lines.push(`  <testsuite${attrs({ name: suite, ...count(scenarios), time, timestamp: report.startedAt })}>`)
    lines.push('    <properties>')
    for (const [name, value] of suiteProperties(report)) lines.push(`      <property${attrs({ name, value })}/>`)
    lines.push('    </properties>')
    for (const s of scenarios) lines.push(...testcase(s, failed(s.status), root))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}

function suiteProperties(report: RunReport): Array<[string, string]> {
  return [
    ['leakwatch.version', report.tool.version],
    ['leakwatch.scale', String(report.scale)],
    ['leakwatch.interrupted', String(report.interrupted)],
    ['node', report.env.node],
    ['platform', `${report.env.platform}/${report.env.arch}`],
  ]
}

function testcase(s: ScenarioReport, failed: boolean, root: string): string[] {
  const v = s.verdict
  const file: Record<string, string> = s.file === undefined ? {} : { file: shownPath(s.file, root) }
  const lines = [`    <testcase${attrs({ name: s.name, classname: `leakwatch.${s.suite}`, time: seconds(s.durationMs), ...file })}>`]
  const reasons = v?.reasons ?? []
  if (failed) {
    const message = reasons[0] ?? s.error ?? `the scenario ${s.status === 'warn' ? 'warned' : 'failed'}`
    lines.push(`      <failure${attrs({ message, type: v?.decidedBy ?? 'leak' })}>${text(details(s, root))}</failure>`)
  } else if (s.status === 'error') {
    const message = s.error ?? reasons[0] ?? 'the scenario could not be run to the end'
    lines.push(`      <error${attrs({ message, type: 'error' })}>${text(details(s, root))}</error>`)
  } else if (s.status === 'skip') {
    lines.push(`      <skipped${attrs({ message: s.skipped ?? 'skipped' })}/>`)
  }
  // a warn that passes, and a pass, say why in the output; a failure's text already does
  const out = !failed && s.status !== 'error' && reasons.length > 0 ? `${details(s, root)}\n` : ''
  lines.push(`      <system-out>${text(`${out}[[ATTACHMENT|${resolve(s.samplesFile)}]]\n`)}</system-out>`)
  lines.push('      <properties>')
  const properties: Array<[string, string]> = [
    ['leakwatch.status', s.status],
    ['leakwatch.decidedBy', v?.decidedBy ?? ''],
    ['leakwatch.growthPct', v ? v.growthPct.toFixed(1) : ''],
    ['leakwatch.samplesFile', resolve(s.samplesFile)],
  ]
  for (const [name, value] of properties) lines.push(`        <property${attrs({ name, value })}/>`)
  lines.push('      </properties>', '    </testcase>')
  return lines
}

/** Reasons, numbered actions and the first findings of the diagnosis, as plain text. */
function details(s: ScenarioReport, root: string): string {
  const lines: string[] = []
  if (s.error) lines.push(`Error: ${s.error}`)
  for (const reason of s.verdict?.reasons ?? []) lines.push(`- ${reason}`)
  const actions = s.verdict?.actions ?? []
  if (actions.length > 0) lines.push('Actions:', ...actions.map((a, i) => `  ${i + 1}. ${a}`))
  if (s.diagnosis) lines.push(formatDiagnosis(s.diagnosis, { root, top: 3 }).trimEnd())
  return lines.join('\n')
}

/** A scenario file relative to the root, with forward slashes, when it is below it; else as it is. */
function shownPath(file: string, root: string): string {
  const path = relative(root, file)
  return !isAbsolute(file) || path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path) ? file : path.split(sep).join('/')
}

const seconds = (ms: number) => (ms / 1000).toFixed(3)

/**
 * Characters XML 1.0 does not allow at all (most C0 controls, U+FFFE, U+FFFF, lone
 * surrogates): written out as `\u0001`-style text, since not even a character reference may
 * name them.
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/gu

function xmlSafe(value: string): string {
  return value.replace(NOT_XML, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`)
}

/** Element text: `&`, `<` and `>` (so `]]>` cannot appear) escaped; `\r` kept as a reference. */
function text(value: string): string {
  return xmlSafe(value).replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c] as string)
}

/**
 * Attributes, in order: quotes and apostrophes escaped too, and tabs and line breaks as
 * references, which a parser would otherwise turn into spaces.
 */
function attrs(values: Record<string, string | number>): string {
  const escaped = (value: string) =>
    xmlSafe(value).replace(/[&<>"'\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c] as string)
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escaped(String(value))}"`)
    .join('')
}
