import type { RunPlan } from '../plan.js'
import type { OrderMessage } from './protocol.js'

/** What the measured part of a run needs from the child around it. */
export interface MeasureIO {
  /** Runs one cycle. */
  step(): Promise<void>
  /** A measured checkpoint after `cycle` measured cycles. */
  checkpoint(cycle: number): Promise<void>
  /** Tells the parent that `cycles` measured cycles are done; resolves to its order. */
  measured(cycles: number): Promise<OrderMessage>
  /** Epoch milliseconds. */
  now(): number
}

/**
 * Runs the measured cycles with their checkpoints, then as many extensions as the parent
 * orders, and returns how many cycles were measured. Cycle numbers and checkpoint spacing
 * carry on through an extension, and each chunk ends on a checkpoint, so the parent decides
 * on a series that reaches the present.
 */
export async function measure(plan: RunPlan, io: MeasureIO): Promise<number> {
  let c = 0
  if (plan.mode === 'cycles') {
    for (let end = plan.cycles; ; ) {
      while (c < end) {
        await io.step()
        c++
        if (c % plan.checkpointEvery === 0 || c === end) await io.checkpoint(c)
      }
      const order = await io.measured(c)
      if (!('cycles' in order)) return c
      end = c + order.cycles
    }
  }
  for (let ms = plan.durationMs; ; ) {
    const start = io.now()
    let next = start + plan.checkpointMs
    let last = c // the cycle of the latest checkpoint: the baseline, or the end of the last chunk
    while (io.now() - start < ms) {
      await io.step()
      c++
      if (io.now() >= next) {
        await io.checkpoint((last = c))
        next += plan.checkpointMs
      }
    }
    if (last !== c) await io.checkpoint(c) // the end of the chunk, unless one just marked it
    const order = await io.measured(c)
    if (!('ms' in order)) return c
    ms = order.ms
  }
}
