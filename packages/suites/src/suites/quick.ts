import { defineScenario } from '@leakwatch/runner'
import { DetectionPipeline } from '../workloads/detection-pipeline.js'
import { DetectionPool } from '../workloads/detection-pool.js'
import { FrameSource } from '../workloads/frames.js'
import { cancellableDelay, TimeoutError, withTimeout } from '../workloads/timeout.js'

// The guide's basic resource leak tests (~30 s in the guide): timeouts, the detection pool,
// short-term memory. Each has a `fault` param that switches on one of the guide's leak sources.

/** One frame from the source through the pool, its buffer back to the source after. */
async function detectOne(pool: DetectionPool, source: FrameSource): Promise<void> {
  const frame = source.next()
  await pool.detect(frame)
  source.release(frame)
}

export const QUICK = [
  defineScenario({
    name: 'timeout-utils-no-thread-leak',
    suite: 'quick',
    description: 'timeout-wrapped operations that finish in time; fault: the time-limit timer is left pending',
    cycles: 200,
    params: { fault: false, limitMs: 30_000 },
    setup: (p) => p,
    cycle: async (p) => {
      await withTimeout((signal) => cancellableDelay(1, signal), p.limitMs, p.fault ? 'timer-not-cleared' : undefined)
    },
  }),
  defineScenario({
    name: 'timeout-utils-handles-timeouts-without-leak',
    suite: 'quick',
    description: 'operations that time out and are cancelled; fault: the cancelled operation keeps running',
    cycles: 100,
    params: { fault: false, limitMs: 2, opMs: 20_000 },
    setup: (p) => p,
    cycle: async (p) => {
      const op = (signal: AbortSignal) => cancellableDelay(p.opMs, signal, p.fault ? 'cancel-ignored' : undefined)
      await withTimeout(op, p.limitMs).then(
        () => Promise.reject(new Error('the operation should have timed out')),
        (err: unknown) => {
          if (!(err instanceof TimeoutError)) throw err
        },
      )
    },
  }),
  defineScenario({
    name: 'detection-pool-no-thread-leak',
    suite: 'quick',
    description: 'detection pool start/stop cycles; fault: stop leaves the worker threads running',
    cycles: 10,
    params: { fault: false, workers: 2, width: 320, height: 240, framesPerCycle: 5 },
    setup: (p) => ({ p, source: new FrameSource({ width: p.width, height: p.height }) }),
    cycle: async ({ p, source }) => {
      const pool = new DetectionPool({
        size: p.workers,
        background: source.background,
        width: p.width,
        fault: p.fault ? 'workers-not-terminated' : undefined,
      })
      await pool.start()
      for (let f = 0; f < p.framesPerCycle; f++) await detectOne(pool, source)
      await pool.stop()
    },
  }),
  defineScenario({
    name: 'detection-pool-extended-operation',
    suite: 'quick',
    description: '1,000 frames through a running detection pool; fault: the pool keeps a copy of every frame',
    cycles: 1000,
    params: { fault: false, workers: 2, width: 320, height: 240 },
    setup: async (p) => {
      const source = new FrameSource({ width: p.width, height: p.height })
      const pool = new DetectionPool({ size: p.workers, background: source.background, width: p.width, fault: p.fault ? 'frames-retained' : undefined })
      await pool.start()
      return { source, pool }
    },
    cycle: ({ source, pool }) => detectOne(pool, source),
    teardown: ({ pool }) => pool.stop(),
  }),
  defineScenario({
    name: 'memory-stability-during-detection',
    suite: 'quick',
    description: '2,000 frames through the detection pipeline; fault: a result listener per frame is left behind',
    cycles: 2000,
    params: { fault: false, workers: 2, width: 320, height: 240 },
    setup: async (p) => {
      const pipeline = new DetectionPipeline({ workers: p.workers, width: p.width, height: p.height, fault: p.fault ? 'listener-left' : undefined })
      await pipeline.start()
      return pipeline
    },
    cycle: (pipeline) => pipeline.processNext(),
    teardown: (pipeline) => pipeline.stop(),
  }),
]
