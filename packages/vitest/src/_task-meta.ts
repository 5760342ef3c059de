import type { ScenarioReport } from '@leakwatch/runner'
import { TestRunner } from 'vitest'
import type { LeakResult } from './leak-result.js'

/** What a leak check leaves on its vitest test (`task.meta.leakwatch`), for the reporter. */
export interface LeakMeta {
  reports: ScenarioReport[]
  /** A warn fails the test (`failOn: 'warn'`). */
  warnIsFailure: boolean
}

declare module 'vitest' {
  interface TaskMeta {
    leakwatch?: LeakMeta
  }
}

/** The report of a result in the results file's terms; an in-process run's has its verdict, no files. */
export function toScenarioReport(result: LeakResult): ScenarioReport {
  if (result.mode === 'isolated') return result.report
  return {
    name: result.name,
    suite: 'vitest:in-process',
    description: "in-process: vitest's own allocations share the heap",
    params: {},
    plan: { mode: 'cycles', cycles: result.cycles, checkpointEvery: result.checkpointEvery, warmup: { cycles: result.warmup }, timeoutMs: 0, scale: 1 },
    status: result.verdict.status,
    verdict: result.verdict,
    samplesFile: '',
    durationMs: result.durationMs,
  }
}

/** Leaves the result on the test running now, if any: vitest hands task meta to the reporter. */
export function recordOnTest(result: LeakResult, warnIsFailure: boolean): void {
  const test = TestRunner?.getCurrentTest?.()
  if (!test) return
  const meta = (test.meta.leakwatch ??= { reports: [], warnIsFailure: false })
  meta.reports.push(toScenarioReport(result))
  meta.warnIsFailure ||= warnIsFailure
}
