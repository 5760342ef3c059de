import type { Verdict } from '@leakwatch/grader'
import { formatDiagnosis, formatVerdict } from '@leakwatch/reporters'
import type { ScenarioReport } from '@leakwatch/runner'
import { IN_PROCESS_CAVEAT, type InProcessResult } from './in-process.js'
import type { LeakOptions } from './options.js'

/** The outcome of a leak check in either mode. */
export type LeakResult = { mode: 'isolated'; name: string; report: ScenarioReport } | InProcessResult

export type LeakStatus = ScenarioReport['status']

/** 'pass', 'warn', 'fail', or (isolated) 'skip' and 'error'. */
export function leakStatus(result: LeakResult): LeakStatus {
  return result.mode === 'isolated' ? result.report.status : result.verdict.status
}

/** True when the result fails a test: a fail or an error, and a warn with `failOn: 'warn'`. */
export function failsTest(result: LeakResult, { failOn = 'fail' }: Pick<LeakOptions, 'failOn'> = {}): boolean {
  const status = leakStatus(result)
  return status === 'fail' || status === 'error' || (status === 'warn' && failOn === 'warn')
}

const ISOLATED = 'isolated: the runner of `leakwatch run`, in a child process'

/**
 * What a failed test says: the status and mode, the verdict (its numbers, reasons and
 * actions), where it grew when a diagnosis pass ran, and where the samples and log are.
 */
export function describeResult(result: LeakResult): string {
  const status = leakStatus(result).toUpperCase()
  if (result.mode === 'in-process') {
    return [`leakwatch: '${result.name}' ${status} (${IN_PROCESS_CAVEAT}; test.leak runs it isolated)`, '', formatVerdict(result.verdict, { durationMs: result.durationMs })].join('\n')
  }
  const { report } = result
  const lines = [`leakwatch: '${report.name}' ${status} (${ISOLATED})`, '']
  if (report.error) lines.push(`Error: ${report.error}`, '')
  if (report.skipped) lines.push(`Skipped: ${report.skipped}`, '')
  if (report.verdict) lines.push(formatVerdict(report.verdict, { durationMs: report.durationMs }))
  if (report.diagnosis) lines.push(formatDiagnosis(report.diagnosis))
  lines.push(`Samples: ${report.samplesFile}`)
  if (report.logFile) lines.push(`Log: ${report.logFile}`)
  return lines.join('\n')
}

/** The verdict of a result, when something was graded. */
export function verdictOf(result: LeakResult): Verdict | undefined {
  return result.mode === 'isolated' ? result.report.verdict : result.verdict
}

/** A leak check that fails its test; `message` is {@link describeResult}'s. */
export class LeakError extends Error {
  readonly code = 'LEAKWATCH_LEAK'
  readonly result: LeakResult

  constructor(result: LeakResult) {
    super(describeResult(result))
    this.name = 'LeakError'
    this.result = result
  }
}
