import { createRequire } from 'node:module'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import type { Sample } from '@leakwatch/contracts'
import { gradeSeries, type Policy, type PolicyOverrides } from '@leakwatch/grader'
import { applyBaseline, type BaselineOptions } from './baseline.js'
import { type DiagnoseOptions, diagnoseScenario, siteAction, wantsDiagnosis } from './diagnose-pass.js'
import { countStatuses, type Reporter, type RunReport, type ScenarioReport } from './report.js'
import { resolveScenarios } from './resolve.js'
import type { ExtensionBounds } from './runner/extension.js'
import type { ScenarioRun } from './runner/run-scenario.js'
import { runScenarios } from './runner/run-scenarios.js'
import type { ScenarioParams, ScenarioRef } from './scenario.js'

export interface RunSuiteOptions {
  /**
   * What to run: scenarios from `resolveScenarios`, or what it takes (registered names,
   * scenario files, a suite). With none of them: the 'quick' suite.
   */
  scenarios?: readonly ScenarioRef[]
  targets?: readonly string[]
  suite?: string
  /** Where samples, logs and the reporters' files go. Default `leakwatch-results`. */
  outDir?: string
  /** Multiplies every count and duration. Default 1. */
  scale?: number
  /** Told about the run as it goes (the progress callbacks); see `@leakwatch/reporters`. */
  reporters?: readonly Reporter[]
  /** Overrides of every scenario's params, e.g. `{ fault: true }`. */
  params?: ScenarioParams
  /** Thresholds and trend settings, field by field over the defaults. */
  policy?: Policy | PolicyOverrides
  /**
   * The policy of one scenario, by its name, where it differs from `policy` (a config file's
   * per-scenario overrides); undefined: `policy`.
   */
  policyFor?: (name: string) => Policy | PolicyOverrides | undefined
  /** Milliseconds between the parent's samples of each scenario's process. Default 100. */
  intervalMs?: number
  /**
   * Bounds of the adaptive run length: a run whose verdict is not yet clear (a late trend
   * neither clearly levelling nor clearly rising, or too few checkpoints) goes on for more
   * cycles, up to `maxFactor` times the planned ones and `maxMs` more time. False: never.
   */
  extension?: ExtensionBounds | false
  /** Aborting (Ctrl-C) stops the current scenario, skips the rest and reports what ran. */
  signal?: AbortSignal
  /**
   * Where a leak grows: after a scenario that fails or warns (or every one, `when: 'always'`),
   * a second, instrumented pass of it finds the objects, lines, handles, fds and threads that
   * grew (`ScenarioReport.diagnosis`). Default `{ when: 'auto' }`.
   */
  diagnose?: DiagnoseOptions
  /** Who ran it, for the results file. Default this package. */
  tool?: { name: string; version: string }
  /** This run is one shard of a larger one: recorded in the report (`RunReport.shard`). */
  shard?: { index: number; total: number }
  /**
   * An earlier run to compare with: each scenario's late slopes and peak against the same
   * scenario's there, a regression warns (or fails) it before the reporters hear of it.
   */
  baseline?: BaselineOptions
}

const OWN = createRequire(import.meta.url)('../package.json') as { name: string; version: string }

/**
 * Runs scenarios one after another, each in its own process: plans each once, samples it,
 * grades its series as it ends, tells the reporters, and returns the run's report (what the
 * JSON reporter writes as `leakwatch-results.json`). It never throws for a scenario that
 * fails, crashes or times out: that scenario's status says so.
 *
 * @example
 * import '@leakwatch/suites' // registers the built-in suites
 * import { runSuite } from '@leakwatch/runner'
 *
 * const report = await runSuite({ suite: 'quick', scale: 0.2 })
 * console.log(report.totals) // { pass: 5, warn: 0, fail: 0, skip: 0, error: 0 }
 */
export async function runSuite(options: RunSuiteOptions = {}): Promise<RunReport> {
  const scenarios = options.scenarios ?? (await resolveScenarios({ targets: options.targets ?? [], suite: options.suite, signal: options.signal }))
  const reporters = options.reporters ?? []
  const scale = options.scale ?? 1
  const outDir = resolve(options.outDir ?? 'leakwatch-results')
  const startedAt = new Date()
  const reports: ScenarioReport[] = []
  const tell = (hook: (r: Reporter) => void) => reporters.forEach(hook)
  const policyOf = (name: string) => options.policyFor?.(name) ?? options.policy
  let current = ''

  tell((r) => r.onRunStart?.({ scenarios, scale, outDir }))
  const runs = await runScenarios(scenarios, {
    outDir,
    scale,
    params: options.params,
    intervalMs: options.intervalMs,
    signal: options.signal,
    ...(options.extension === undefined ? {} : { extension: options.extension }),
    // scenarios run one at a time: the one asking is the one that started last
    extend: (samples) => wantsMore(samples, policyOf(current)),
    onScenarioStart: (ref, plan) => {
      current = ref.name
      tell((r) => r.onScenarioStart?.({ name: ref.name, suite: ref.suite, description: ref.description, plan }))
    },
    onSample: (ref, sample) => tell((r) => r.onSample?.(ref.name, sample)),
    onScenarioEnd: async (run, ref) => {
      const report = toReport(run, policyOf(run.name))
      if ('file' in ref.source) report.file = resolve(ref.source.file)
      if (options.baseline) applyBaseline(report, options.baseline)
      if (!options.signal?.aborted && wantsDiagnosis(report, options.diagnose)) {
        tell((r) => r.onScenarioDiagnose?.({ name: report.name, suite: report.suite, status: report.status }))
        report.diagnosis = await diagnoseScenario(ref, report, { outDir, scale, params: options.params, intervalMs: options.intervalMs, signal: options.signal, diagnose: options.diagnose ?? {} })
        const action = siteAction(report.diagnosis.findings.find((f) => f.site))
        if (action && report.verdict) report.verdict.actions.unshift(action)
      }
      reports.push(report)
      tell((r) => r.onScenarioEnd?.(report))
    },
  })
  const report: RunReport = {
    schema: 'leakwatch/results@2',
    tool: options.tool ?? { name: OWN.name, version: OWN.version },
    env: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, totalMemory: totalmem(), ci: Boolean(process.env.CI) },
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    scale,
    interrupted: options.signal?.aborted === true || runs.some((run) => run.interrupted),
    ...(options.shard ? { shard: options.shard } : {}),
    scenarios: reports,
    totals: countStatuses(reports),
  }
  for (const reporter of reporters) await reporter.onRunEnd?.(report)
  return report
}

/**
 * Asked by the runner when the planned cycles are done: the grader's reason to go on, if the
 * samples so far leave the verdict unclear. Grading a partial series never ends the run.
 */
function wantsMore(samples: readonly Sample[], policy: RunSuiteOptions['policy']): string | undefined {
  try {
    return gradeSeries(samples, policy).extend
  } catch {
    return undefined
  }
}

/** Grades a finished run; a run that ended in error keeps its reason, and a verdict on what it measured when it can. */
function toReport(run: ScenarioRun, policy: RunSuiteOptions['policy']): ScenarioReport {
  const report: ScenarioReport = {
    name: run.name,
    suite: run.suite,
    description: run.description,
    params: run.params,
    plan: run.plan,
    status: 'error',
    samplesFile: run.samplesFile,
    logFile: run.logFile,
    durationMs: run.durationMs,
  }
  if (run.extended) report.extended = run.extended
  if (run.leftoverProcesses) report.leftoverProcesses = run.leftoverProcesses
  if (run.status === 'skip') return { ...report, status: 'skip', skipped: run.skipped ?? '' }
  try {
    report.verdict = gradeSeries(run.samples, policy)
    if (run.status === 'done') report.status = report.verdict.status
  } catch (err) {
    if (run.status === 'done') report.error = `could not grade: ${(err as Error).message}`
  }
  if (run.error) report.error = run.error
  return report
}
