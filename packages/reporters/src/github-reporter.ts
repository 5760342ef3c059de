import { appendFile } from 'node:fs/promises'
import { isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Reporter, ScenarioReport } from '@leakwatch/runner'
import { escapeControl } from './escape-control.js'
import { renderMarkdown, STEP_SUMMARY_MAX_BYTES } from './markdown.js'
import type { ReporterOptions } from './reporter.js'

/** GitHub shows at most 10 annotations of each type per step; the rest are dropped. */
export const ANNOTATIONS_PER_TYPE = 10

/**
 * For GitHub Actions: when the run ends, an `::error` annotation per scenario that failed or
 * errored and a `::warning` per warn, on the line where the leak grows when a diagnosis
 * pass found one in the workspace (`GITHUB_WORKSPACE`, else the working folder), else on the
 * scenario's file when it came from one there; then, when
 * `GITHUB_STEP_SUMMARY` names a file, {@link renderMarkdown}'s summary appended to it (1 MB at
 * most, under GitHub's 1 MiB cap). GitHub shows 10 annotations of a type per step, so an 11th
 * failing scenario turns the 10th annotation into one that names the rest. An annotation
 * with no place (a built-in scenario without a diagnosis) has no `file`: GitHub shows it on
 * the run.
 */
export function githubReporter({ stdout, env = process.env }: ReporterOptions): Reporter {
  return {
    async onRunEnd(report) {
      const workspace = env.GITHUB_WORKSPACE || process.cwd()
      const failing = report.scenarios.filter((s) => s.status === 'fail' || s.status === 'error')
      const warning = report.scenarios.filter((s) => s.status === 'warn')
      const lines = [...annotations('error', failing, workspace, 'failing scenarios'), ...annotations('warning', warning, workspace, 'scenarios that warned')]
      if (lines.length > 0) stdout.write(`${lines.join('\n')}\n`)
      const summary = env.GITHUB_STEP_SUMMARY
      if (summary) await appendFile(summary, renderMarkdown(report, { root: workspace, maxBytes: STEP_SUMMARY_MAX_BYTES }))
    },
  }
}

function annotations(type: 'error' | 'warning', scenarios: ScenarioReport[], workspace: string, what: string): string[] {
  const shown = scenarios.length > ANNOTATIONS_PER_TYPE ? scenarios.slice(0, ANNOTATIONS_PER_TYPE - 1) : scenarios
  const lines = shown.map((s) => command(type, { ...where(s, workspace), title: escapeControl(`leakwatch ${s.status}: ${s.name} (${s.suite})`) }, message(s)))
  const rest = scenarios.slice(shown.length)
  if (rest.length > 0) {
    lines.push(command(type, { title: `leakwatch: ${rest.length} more ${what}` }, `…and ${rest.length} more ${what}: ${rest.map((s) => escapeControl(s.name)).join(', ')}`))
  }
  return lines
}

/** The first reason (or the error), then the actions, one a line. */
function message(s: ScenarioReport): string {
  const first = s.status === 'error' ? (s.error ?? s.verdict?.reasons[0]) : (s.verdict?.reasons[0] ?? s.error)
  const lines = [first ?? `the scenario ended in ${s.status}`, ...(s.verdict?.actions ?? [])]
  return lines.map(escapeControl).join('\n')
}

/**
 * Where to put the annotation: the first diagnosed site inside the workspace, relative to it;
 * else the scenario's file, when it came from one inside the workspace; else nowhere.
 */
function where(s: ScenarioReport, workspace: string): { file?: string; line?: string } {
  for (const finding of s.diagnosis?.findings ?? []) {
    if (!finding.site) continue
    const file = inside(finding.site.file.startsWith('file:') ? fileURLToPath(finding.site.file) : finding.site.file, workspace)
    if (file !== undefined) return { file, line: String(finding.site.line) }
  }
  const file = s.file === undefined ? undefined : inside(s.file, workspace)
  return file === undefined ? {} : { file }
}

/** `file` relative to the workspace, with forward slashes, when it is an absolute path inside it. */
function inside(file: string, workspace: string): string | undefined {
  if (!isAbsolute(file)) return undefined
  const path = relative(workspace, file)
  if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) return undefined
  return path.split(sep).join('/')
}

/** `::type key=value,…::message`, escaped as the workflow command rules say. */
function command(type: string, properties: Record<string, string | undefined>, data: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',')
  return `::${type}${props ? ` ${props}` : ''}::${escapeData(data)}`
}

/** Data (the message) of a workflow command: `%`, CR and LF encoded, so it stays one command. */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** A property of a workflow command: as data, and `:` and `,`, which end a property. */
function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
