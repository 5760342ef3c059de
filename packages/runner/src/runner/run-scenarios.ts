import type { Sample } from '@leakwatch/contracts'
import type { RunPlan } from '../plan.js'
import type { ScenarioRef } from '../scenario.js'
import { type RunScenarioOptions, runScenario, type ScenarioRun } from './run-scenario.js'

export interface RunScenariosOptions extends Omit<RunScenarioOptions, 'onStart' | 'onSample'> {
  onScenarioStart?: (ref: ScenarioRef, plan: RunPlan) => void
  onSample?: (ref: ScenarioRef, sample: Sample) => void
  onScenarioEnd?: (run: ScenarioRun, ref: ScenarioRef) => void | Promise<void>
}

/**
 * Runs scenarios one after another (memory is being measured: they must not compete),
 * stopping after the current one when the signal aborts. Returns the runs that happened.
 */
export async function runScenarios(refs: readonly ScenarioRef[], options: RunScenariosOptions): Promise<ScenarioRun[]> {
  const runs: ScenarioRun[] = []
  for (const ref of refs) {
    if (options.signal?.aborted) break
    const run = await runScenario(ref, {
      ...options,
      onStart: (plan) => options.onScenarioStart?.(ref, plan),
      onSample: (sample) => options.onSample?.(ref, sample),
    })
    runs.push(run)
    await options.onScenarioEnd?.(run, ref)
  }
  return runs
}
