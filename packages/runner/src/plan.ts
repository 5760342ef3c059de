import { ScenarioError } from './errors.js'
import { MAX_TIMER_MS } from './runner/timers.js'
import type { Scenario, ScenarioInfo } from './scenario.js'

/** How one scenario runs, after defaults and `--scale`. */
export type RunPlan = {
  /** Cycles before the baseline (cycle scenarios), or milliseconds of them (duration scenarios). */
  warmup: { cycles: number } | { ms: number }
  /** At most 2^31 − 1 ms (about 24.8 days), the longest a Node timer waits. */
  timeoutMs: number
  scale: number
} & ({ mode: 'cycles'; cycles: number; checkpointEvery: number } | { mode: 'duration'; durationMs: number; checkpointMs: number })

const TEN_MINUTES = 600_000
/**
 * Checkpoints in a run when the scenario does not set its own spacing. The trend tests need
 * points: with ten, a slope's uncertainty is too wide to tell a plateau from slow growth. Each
 * checkpoint costs two forced GCs and a malloc_trim (a few ms on a small heap).
 */
export const DEFAULT_CHECKPOINTS = 50

/**
 * Fills a scenario's defaults and applies the scale to its counts and durations.
 * Checkpoints default to about {@link DEFAULT_CHECKPOINTS} per run (one a cycle in runs shorter
 * than that); a scenario's own `checkpointEvery` or `checkpointMs` wins.
 * The default warm-up is a tenth of the run, from 3 to 100 cycles (or up to 30 s): long
 * enough for lazy initialisation and the first fill of caches not to read as a leak, short
 * enough that a leak cannot hide in it (the measured cycles leak just the same, and threads
 * and handles are compared with the sample taken before setup).
 * It reads only the scenario's data: a scenario, or the `ScenarioInfo` the parent holds.
 */
export function planScenario(scenario: Scenario | ScenarioInfo, scale = 1): RunPlan {
  if (!(typeof scale === 'number' && Number.isFinite(scale) && scale > 0)) {
    throw new ScenarioError('LEAKWATCH_BAD_OPTION', `scale must be a number above 0, got ${String(scale)}`)
  }
  const scaled = (n: number) => Math.max(1, Math.round(n * scale))
  const timeoutScale = Math.max(1, scale)
  if (scenario.durationMs !== undefined) {
    const durationMs = scenario.durationMs * scale
    return {
      mode: 'duration',
      durationMs,
      checkpointMs: scenario.checkpointMs !== undefined ? scenario.checkpointMs * scale : durationMs / DEFAULT_CHECKPOINTS,
      warmup: scenario.warmup !== undefined ? { cycles: warmupCycles(scenario.warmup, scale) } : { ms: Math.min(30_000, durationMs / 10) },
      timeoutMs: Math.min(MAX_TIMER_MS, (scenario.timeoutMs ?? 2 * scenario.durationMs + 60_000) * timeoutScale),
      scale,
    }
  }
  const cycles = scaled(scenario.cycles ?? 1)
  return {
    mode: 'cycles',
    cycles,
    checkpointEvery: scenario.checkpointEvery !== undefined ? Math.min(cycles, scaled(scenario.checkpointEvery)) : Math.max(1, Math.round(cycles / DEFAULT_CHECKPOINTS)),
    warmup: { cycles: scenario.warmup !== undefined ? warmupCycles(scenario.warmup, scale) : defaultWarmup(cycles) },
    timeoutMs: Math.min(MAX_TIMER_MS, (scenario.timeoutMs ?? TEN_MINUTES) * timeoutScale),
    scale,
  }
}

/**
 * A tenth of the cycles, at least 3 (a thread's malloc arena, JIT tiers and pools settle over
 * the first few cycles: a 10-cycle run with one warm-up cycle reads that as a steady rise)
 * and at most 100; never more than the measured cycles.
 */
function defaultWarmup(cycles: number): number {
  return Math.min(100, cycles, Math.max(3, Math.round(cycles / 10)))
}

/** A declared warm-up of at least one cycle keeps at least one at any scale. */
function warmupCycles(warmup: number, scale: number): number {
  return warmup === 0 ? 0 : Math.max(1, Math.round(warmup * scale))
}
