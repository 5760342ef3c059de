import type { Diagnosis, Sample } from '@leakwatch/contracts'
import type { Status, Verdict } from '@leakwatch/grader'
import type { BaselineComparison } from './baseline.js'
import type { RunPlan } from './plan.js'
import type { ExtendedRun } from './runner/extension.js'

/** One scenario in the results file. */
export interface ScenarioReport {
  name: string
  suite: string
  description: string
  /** The params it ran with, `fault` among them. */
  params: Record<string, unknown>
  /** How it was run after defaults and scale: cycles or duration, warm-up, checkpoints, timeout. */
  plan: RunPlan
  status: Status
  /** Absent when nothing gradable was measured (for example a crash during setup). */
  verdict?: Verdict
  /** Why it ended in error, one line. */
  error?: string
  /** Why it did not run here (status 'skip'), one line. */
  skipped?: string
  /** Present when the run went on past its plan because the verdict was not yet clear. */
  extended?: ExtendedRun
  /**
   * Processes the scenario left running after teardown, as `sleep (pid 1234)` (the verdict
   * fails on them: `processes`); leakwatch killed them with the scenario's process group.
   */
  leftoverProcesses?: string[]
  /** The scenario file it came from (absolute); absent for a built-in suite's scenario. */
  file?: string
  samplesFile: string
  logFile?: string
  durationMs: number
  /**
   * Where the leak grows: the findings of a second, instrumented pass of the scenario, run
   * after a fail or warn (or always, with `--diagnose`). Absent when none ran.
   */
  diagnosis?: Diagnosis
  /**
   * How it compares with the same scenario in a baseline results file (`leakwatch run
   * --baseline`); absent when no baseline was given.
   */
  baseline?: BaselineComparison
}

/**
 * The results file `leakwatch-results.json`, schema `leakwatch/results@2`. Since @1: each
 * verdict has per-layer findings (`layers`), the layer that decided (`decidedBy`),
 * `inconclusive` and `extend`; a scenario has `extended` when its run was lengthened; the
 * verdict no longer has `metric`. `name`, `status` and `samplesFile` are where they were.
 */
export interface RunReport {
  schema: 'leakwatch/results@2'
  tool: { name: string; version: string }
  env: { node: string; platform: string; arch: string; cpus: number; totalMemory: number; ci: boolean }
  startedAt: string
  durationMs: number
  scale: number
  /** True when Ctrl-C or SIGTERM stopped the run: the scenarios listed are those that ran. */
  interrupted: boolean
  /**
   * Present when this run is one shard of a larger one (`leakwatch run --shard 2/4`): which
   * shard, of how many. `mergeReports` leaves it out once every shard is joined, and keeps
   * the one shard's when it merges parts of a single shard.
   */
  shard?: { index: number; total: number }
  scenarios: ScenarioReport[]
  totals: Record<Status, number>
}

/**
 * What a reporter is told, in order, as a run goes: the progress callbacks of `runSuite`.
 * Every hook is optional; a hook that returns a promise is awaited only at the end of the run.
 */
export interface Reporter {
  onRunStart?(run: { scenarios: ReadonlyArray<{ name: string; suite: string; description: string }>; scale: number; outDir: string }): void
  onScenarioStart?(scenario: { name: string; suite: string; description: string; plan: RunPlan }): void
  /** Every sample as it arrives; checkpoints carry `cycle`. */
  onSample?(scenario: string, sample: Sample): void
  /** A diagnosis pass of the scenario starts (it ended in fail or warn, or `--diagnose`); `onScenarioEnd` follows with its findings. */
  onScenarioDiagnose?(scenario: { name: string; suite: string; status: Status }): void
  onScenarioEnd?(report: ScenarioReport): void
  onRunEnd?(report: RunReport): void | Promise<void>
}

/** Counts scenarios by status. */
export function countStatuses(reports: readonly ScenarioReport[]): Record<Status, number> {
  const totals: Record<Status, number> = { pass: 0, warn: 0, fail: 0, skip: 0, error: 0 }
  for (const r of reports) totals[r.status]++
  return totals
}
