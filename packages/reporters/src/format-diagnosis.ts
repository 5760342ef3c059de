import { relative } from 'node:path'
import type { Diagnosis, Finding, FindingKind, SourceLocation } from '@leakwatch/contracts'
import { escapeControl as safe } from './escape-control.js'

const HEADING: Record<FindingKind, string> = {
  'heap-object': 'Objects that grew',
  'heap-site': 'Allocations still live',
  handle: 'Handles',
  fd: 'File descriptors',
  thread: 'Threads',
  native: 'Native memory',
}

export interface FormatDiagnosisOptions {
  /** Paths are shown relative to this folder. Default: the working folder. */
  root?: string
  /** Findings shown per kind. Default 5. */
  top?: number
}

/**
 * The "Where it grew" block under a verdict: the findings of the diagnosis pass by kind (the
 * most likely kind first, as the diagnosis ranks them), at most `top` of each, each with the
 * place in the code and, for heap objects, what holds them; then what was not looked at. All of
 * it is in the results file; this is the part a person reads first.
 *
 * @example
 * process.stdout.write(formatDiagnosis(report.diagnosis))
 */
export function formatDiagnosis(diagnosis: Diagnosis, { root = process.cwd(), top = 5 }: FormatDiagnosisOptions = {}): string {
  const lines = [`Where it grew (a second, instrumented pass of ${diagnosis.cycles} cycles):`]
  const kinds = [...new Set(diagnosis.findings.map((f) => f.kind))]
  for (const kind of kinds) {
    const findings = diagnosis.findings.filter((f) => f.kind === kind)
    lines.push(`  ${HEADING[kind]}:`)
    for (const finding of findings.slice(0, top)) lines.push(...findingLines(finding, root))
    if (findings.length > top) lines.push(`    … ${findings.length - top} more in the results file`)
  }
  if (diagnosis.findings.length === 0) lines.push(diagnosis.error ? '  nothing found before the pass ended' : '  nothing the instruments could name grew in this pass')
  if (diagnosis.error) lines.push(`  the instrumented pass ended early: ${safe(diagnosis.error)}`)
  for (const note of diagnosis.notes) lines.push(`  note: ${safe(note)}`)
  return `${lines.join('\n')}\n`
}

function findingLines(finding: Finding, root: string): string[] {
  const lines = [`    ${safe(finding.summary)}`]
  if (finding.site) lines.push(`      at ${place(finding.site, root)}`)
  if (finding.module && finding.kind === 'native') lines.push(`      in ${safe(finding.module)}`)
  if (finding.retainers?.length) lines.push(`      held by ${safe(finding.retainers.join(' → '))}`)
  return lines
}

/** `src/poller.ts:42:5 (poll)`, relative to the root when it is below it. */
export function place(site: SourceLocation, root: string): string {
  const path = site.file.startsWith('/') ? relative(root, site.file) : site.file
  const shown = path.startsWith('..') ? site.file : path
  return safe(`${shown}:${site.line}:${site.column}${site.function ? ` (${site.function})` : ''}`)
}
