import type { Sample } from '@leakwatch/contracts'
import type { RunPlan } from '../plan.js'
import type { OrderMessage } from './protocol.js'

/** Where a run stands when `extend` is asked. Counts are cycles, or milliseconds for a duration scenario. */
export interface ExtendProgress {
  mode: 'cycles' | 'duration'
  /** The plan's measured cycles (or ms). */
  planned: number
  /** Measured cycles (or ms) so far, extensions included. */
  ran: number
  /** Extensions so far. */
  extensions: number
}

/** Asked when the planned measured cycles are done (and after each extension): a reason to keep going, or undefined to finish. */
export type ExtendDecision = (samples: readonly Sample[], progress: ExtendProgress) => string | undefined

/** Bounds of the extension of a run. */
export interface ExtensionBounds {
  /** Measured cycles (or ms) in all, at most this many times the plan's. Default 4. */
  maxFactor?: number
  /**
   * Time spent extending, at most this many ms (estimated at the pace of the planned part).
   * Default: as long as the planned measured part took, and at least 20 s, so that a default
   * scenario of a few seconds still reaches its verdict within half a minute.
   */
  maxMs?: number
}

/** How a run was extended: planned and measured cycles (or ms), and the reason given for each extension. */
export interface ExtendedRun {
  planned: number
  ran: number
  unit: 'cycles' | 'ms'
  reasons: string[]
}

const DEFAULT_FACTOR = 4
const LEAST_EXTRA_MS = 20_000

/**
 * The size of the next extension: half the planned amount, or what the bounds still allow.
 * 0 when they allow less than one checkpoint spacing (or half the plan, if that is shorter):
 * a smaller chunk would add a lone checkpoint, too little to settle anything.
 *
 * @param ran measured cycles (or ms) so far
 * @param plannedMs how long the planned measured part took
 * @param extraMs how long the extensions have taken so far
 */
export function nextChunk(plan: RunPlan, bounds: Required<ExtensionBounds>, ran: number, plannedMs: number, extraMs: number): number {
  const cycles = plan.mode === 'cycles'
  const planned = cycles ? plan.cycles : plan.durationMs
  const half = cycles ? Math.max(1, Math.round(planned / 2)) : planned / 2
  const byFactor = bounds.maxFactor * planned - ran
  const msLeft = bounds.maxMs - extraMs
  // a cycle is assumed to take as long as it did in the planned part
  const byTime = cycles ? msLeft / (Math.max(plannedMs, 1e-3) / planned) : msLeft
  const chunk = Math.floor(Math.min(half, byFactor, byTime))
  const least = Math.min(cycles ? plan.checkpointEvery : plan.checkpointMs, half)
  return chunk >= least && chunk >= 1 ? chunk : 0
}

/**
 * The parent's side of adaptive run length: it follows the measured checkpoints, and answers
 * the child's `measured` with another chunk while `extend` gives a reason and the bounds allow.
 */
export class RunExtension {
  readonly #plan: RunPlan
  readonly #decide: ExtendDecision | undefined
  readonly #maxFactor: number
  readonly #maxMs: number | undefined
  #baselineAt: number | undefined
  #plannedEndAt: number | undefined
  #ran = 0
  readonly #reasons: string[] = []

  constructor(plan: RunPlan, decide: ExtendDecision | undefined, bounds: ExtensionBounds | false | undefined) {
    this.#plan = plan
    this.#decide = bounds === false ? undefined : decide
    this.#maxFactor = (bounds || {}).maxFactor ?? DEFAULT_FACTOR
    this.#maxMs = (bounds || {}).maxMs
  }

  get #planned(): number {
    return this.#plan.mode === 'cycles' ? this.#plan.cycles : this.#plan.durationMs
  }

  /** Follows a measured checkpoint, so that an interrupted extension still says how far it got. */
  onCheckpoint(sample: Sample, at: number): void {
    if (sample.phase !== 'measure' || sample.cycle === undefined) return
    if (sample.cycle === 0) this.#baselineAt ??= at
    else this.#ran = Math.max(this.#ran, this.#measuredBy(sample.cycle, at))
  }

  /**
   * The answer to the child's `measured`, and by what fraction of the plan the run grew
   * (the caller stretches the timeout by as much).
   */
  answer(cycles: number, at: number, samples: readonly Sample[]): { order: OrderMessage; grewBy: number } {
    this.#ran = this.#measuredBy(cycles, at)
    this.#plannedEndAt ??= at
    const finish = { order: { type: 'finish' } as const, grewBy: 0 }
    if (!this.#decide) return finish
    const plannedMs = this.#plannedEndAt - (this.#baselineAt ?? this.#plannedEndAt)
    const bounds = { maxFactor: this.#maxFactor, maxMs: this.#maxMs ?? Math.max(LEAST_EXTRA_MS, plannedMs) }
    const chunk = nextChunk(this.#plan, bounds, this.#ran, plannedMs, at - this.#plannedEndAt)
    if (chunk === 0) return finish
    const mode = this.#plan.mode
    const reason = this.#decide(samples, { mode, planned: this.#planned, ran: this.#ran, extensions: this.#reasons.length })
    if (reason === undefined) return finish
    this.#reasons.push(reason)
    return { order: mode === 'cycles' ? { type: 'extend', cycles: chunk } : { type: 'extend', ms: chunk }, grewBy: chunk / this.#planned }
  }

  /** Takes back the extension just answered: the run ended (Ctrl-C) while `extend` decided, so it never ran. */
  revoke(): void {
    this.#reasons.pop()
  }

  /** How the run was extended; undefined when it was not. */
  get extended(): ExtendedRun | undefined {
    if (this.#reasons.length === 0) return undefined
    return { planned: this.#planned, ran: this.#ran, unit: this.#plan.mode === 'cycles' ? 'cycles' : 'ms', reasons: [...this.#reasons] }
  }

  #measuredBy(cycles: number, at: number): number {
    return this.#plan.mode === 'cycles' ? cycles : Math.round(at - (this.#baselineAt ?? at))
  }
}
