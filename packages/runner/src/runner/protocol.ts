import type { Phase, Sample } from '@leakwatch/contracts'
import type { RunPlan } from '../plan.js'
import type { ScenarioParams, ScenarioSource } from '../scenario.js'

/** The child's argument that says it leads a process group of its own: it may then end that group (`kill(0)`) when the parent goes. */
export const LEADS_GROUP = '--leakwatch-leads-group'

/** What the parent tells a scenario's child process to run. */
export interface StartMessage {
  type: 'start'
  source: ScenarioSource
  plan: RunPlan
  params: ScenarioParams
}

/**
 * The parent's answer to `measured`: another chunk of measured cycles (or milliseconds, for a
 * duration scenario), checkpoints at the same spacing, or on to teardown.
 */
export type OrderMessage = { type: 'extend'; cycles: number } | { type: 'extend'; ms: number } | { type: 'finish' }

/**
 * What the child reports. Times are epoch milliseconds (`performance.timeOrigin + now()`),
 * which the parent turns into its own `t`.
 */
export type ChildMessage =
  | { type: 'ready'; at: number }
  | { type: 'phase'; phase: Phase; at: number }
  | { type: 'checkpoint'; sample: Sample; at: number }
  /** The planned measured cycles (or an extension) are done and checkpointed; the child waits for an order. */
  | { type: 'measured'; cycles: number; at: number }
  | { type: 'done'; at: number }
  | { type: 'error'; message: string; stack?: string }
