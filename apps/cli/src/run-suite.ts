import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { gradeSeries, type Policy, type Status } from '@leakwatch/grader'
import { countStatuses, type Reporter, type RunReport, type ScenarioReport } from '@leakwatch/reporters'
import { planScenario, runScenarios, type ScenarioRef, type ScenarioRun } from '@leakwatch/scenarios'
import { EXIT } from './errors.js'
import type { Io } from './io.js'
import { VERSION } from './version.js'

export interface RunSuiteOptions {
  scenarios: ScenarioRef[]
  outDir: string
  scale: number
  reporters: Reporter[]
  failOn: 'warn' | 'fail'
  params?: Record<string, unknown>
  policy?: Policy | undefined
  intervalMs?: number | undefined
  /**
   * Bounds of the adaptive run length: a run whose verdict is not yet clear (a late trend
   * neither clearly levelling nor clearly rising, or too few checkpoints) goes on for more
   * cycles, up to `maxFactor` times the planned ones and `maxMs` more time. False: never.
   */
  extension?: { maxFactor?: number; maxMs?: number } | false
}

/**
 * Runs scenarios one after another, grades each as it ends, tells the reporters, and returns
 * the exit code: 0 nothing failed, 1 a scenario failed or errored (or warned, with
 * failOn 'warn'), 130 interrupted after the partial report was written.
 */
export async function runSuite(options: RunSuiteOptions, io: Io): Promise<number> {
  const { reporters } = options
  const outDir = resolve(options.outDir)
  const startedAt = new Date()
  const reports: ScenarioReport[] = []
  const tell = (hook: (r: Reporter) => void) => reporters.forEach(hook)

  tell((r) => r.onRunStart?.({ scenarios: options.scenarios, scale: options.scale, outDir }))
  const runs = await runScenarios(options.scenarios, {
    outDir,
    scale: options.scale,
    params: options.params,
    intervalMs: options.intervalMs,
    signal: io.signal,
    ...(options.extension === undefined ? {} : { extension: options.extension }),
    extend: (samples) => wantsMore(samples, options.policy),
    onScenarioStart: (ref) => tell((r) => r.onScenarioStart?.({ ...ref, plan: { ...planScenario(ref.scenario, options.scale) } })),
    onSample: (ref, sample) => tell((r) => r.onSample?.(ref.name, sample)),
    onScenarioEnd: (run) => {
      const report = toReport(run, options.scenarios, options.policy)
      reports.push(report)
      tell((r) => r.onScenarioEnd?.(report))
    },
  })
  const interrupted = io.signal?.aborted === true || runs.some((run) => run.interrupted)
  const report: RunReport = {
    schema: 'leakwatch/results@2',
    tool: { name: 'leakwatch', version: VERSION },
    env: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, totalMemory: totalmem(), ci: Boolean(process.env.CI) },
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    scale: options.scale,
    interrupted,
    scenarios: reports,
    totals: countStatuses(reports),
  }
  for (const reporter of reporters) await reporter.onRunEnd?.(report)
  if (interrupted) return EXIT.interrupted
  const failing: Status[] = options.failOn === 'warn' ? ['fail', 'error', 'warn'] : ['fail', 'error']
  return reports.some((r) => failing.includes(r.status)) ? EXIT.failed : EXIT.ok
}

/**
 * Asked by the runner when the planned cycles are done: the grader's reason to go on, if the
 * samples so far leave the verdict unclear. Grading a partial series never ends the run.
 */
function wantsMore(samples: readonly ScenarioRun['samples'][number][], policy: Policy | undefined): string | undefined {
  try {
    return gradeSeries(samples, policy).extend
  } catch {
    return undefined
  }
}

/** Grades a finished run; a run that ended in error keeps its reason, and a verdict on what it measured when it can. */
function toReport(run: ScenarioRun, refs: readonly ScenarioRef[], policy: Policy | undefined): ScenarioReport {
  const ref = refs.find((r) => r.name === run.name)
  const report: ScenarioReport = {
    name: run.name,
    suite: run.suite,
    description: ref?.description ?? '',
    params: run.params,
    plan: { ...run.plan },
    status: 'error',
    samplesFile: run.samplesFile,
    logFile: run.logFile,
    durationMs: run.durationMs,
  }
  if (run.extended) report.extended = run.extended
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
