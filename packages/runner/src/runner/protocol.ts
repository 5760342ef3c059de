import type { DiagnosePart, Diagnosis, Phase, Sample } from '@leakwatch/contracts'
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
  /** Present on a diagnosis pass: the instruments to run, and where they may write. */
  diagnose?: DiagnoseStart
}

/** What the child of a diagnosis pass needs to know (see `Diagnoser` in @leakwatch/diagnose). */
export interface DiagnoseStart {
  parts: DiagnosePart[]
  /** A folder of the pass's own for heap snapshots and native profiles; removed once read. */
  dir: string
  budgetBytes?: number
  /** The layers the verdict flagged, deciding one first. */
  layers: string[]
  /** Handle types the verdict saw grow. */
  resourceTypes: string[]
  /** Notes from the parent (what it could not set up), carried into the diagnosis. */
  notes: string[]
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
  /** A diagnosis pass's findings, after teardown (or as far as it got, before an error). */
  | { type: 'diagnosis'; diagnosis: Diagnosis }
  | { type: 'done'; at: number }
  | { type: 'error'; message: string; stack?: string }
