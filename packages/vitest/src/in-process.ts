import { performance } from 'node:perf_hooks'
import type { Phase, Sample } from '@leakwatch/contracts'
import { gradeSeries, type Verdict } from '@leakwatch/grader'
import type { Scenario } from '@leakwatch/runner'
import { sampleHere, settleGc } from './_in-process-sample.js'
import type { ExpectLeakOptions } from './options.js'

/** The caveat of the in-process mode, in every result and failure message it makes. */
export const IN_PROCESS_CAVEAT = "in-process: vitest's own allocations share the heap"

/** What an in-process leak check measured and how it was graded. */
export interface InProcessResult {
  mode: 'in-process'
  name: string
  cycles: number
  warmup: number
  checkpointEvery: number
  samples: Sample[]
  verdict: Verdict
  durationMs: number
}

/** A plain function or a scenario object, run in this process. */
export type InProcessTarget = ((i: number) => unknown) | Omit<Scenario, 'name'>

/**
 * Runs `target`'s cycles here, in the vitest worker, the way the runner's child does in its
 * own process: a sample before setup, setup, warm-up, a checkpoint (two forced GCs, then a
 * sample from inside) at cycle 0 and every `checkpointEvery` cycles, teardown, and a sample
 * after it; then grades the series with `gradeSeries`. Whatever else the worker allocates
 * meanwhile (vitest's own bookkeeping, other tests' leftovers) is measured with it.
 */
export async function runInProcess(target: InProcessTarget, options: ExpectLeakOptions = {}): Promise<InProcessResult> {
  const scenario: Omit<Scenario, 'name'> = typeof target === 'function' ? { cycle: (_ctx, i) => target(i) } : target
  const cycles = options.cycles ?? scenario.cycles ?? 200
  if (!(Number.isInteger(cycles) && cycles >= 2)) throw new Error(`cycles must be an integer of at least 2, got ${String(cycles)}`)
  const warmup = options.warmup ?? scenario.warmup ?? Math.min(100, Math.max(3, Math.round(cycles / 10)))
  const every = options.checkpointEvery ?? scenario.checkpointEvery ?? Math.max(1, Math.round(cycles / 50))
  const name = options.name ?? (typeof target === 'function' && target.name ? target.name : 'in-process')
  const samples: Sample[] = []
  const start = performance.now()
  const take = (phase: Phase, cycle?: number) => {
    const sample = sampleHere(performance.now() - start)
    sample.phase = phase
    if (cycle !== undefined) sample.cycle = cycle
    samples.push(sample)
  }

  await settleGc()
  take('warmup') // before setup: what teardown must come back to
  const ctx = await scenario.setup?.({ ...scenario.params })
  let i = 0
  for (let w = 0; w < warmup; w++) await scenario.cycle(ctx, i++)
  await settleGc()
  take('measure', 0)
  for (let c = 1; c <= cycles; c++) {
    await scenario.cycle(ctx, i++)
    if (c % every === 0 || c === cycles) {
      await settleGc()
      take('measure', c)
    }
  }
  take('teardown', cycles)
  await scenario.teardown?.(ctx)
  await settleGc()
  await new Promise((done) => setTimeout(done, 20)) // a closed handle leaves the active resources a turn later
  take('after')
  return { mode: 'in-process', name, cycles, warmup, checkpointEvery: every, samples, verdict: gradeSeries(samples, options.policy), durationMs: performance.now() - start }
}
