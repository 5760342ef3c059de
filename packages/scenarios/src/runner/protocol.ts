import type { Phase, Sample } from '@leakwatch/sampler'
import type { RunPlan } from '../plan.js'
import type { ScenarioParams, ScenarioSource } from '../scenario.js'

/** What the parent tells a scenario's child process to run. */
export interface StartMessage {
  type: 'start'
  source: ScenarioSource
  plan: RunPlan
  params: ScenarioParams
}

/**
 * What the child reports. Times are epoch milliseconds (`performance.timeOrigin + now()`),
 * which the parent turns into its own `t`.
 */
export type ChildMessage =
  | { type: 'ready'; at: number }
  | { type: 'phase'; phase: Phase; at: number }
  | { type: 'checkpoint'; sample: Sample; at: number }
  | { type: 'done'; at: number }
  | { type: 'error'; message: string; stack?: string }
