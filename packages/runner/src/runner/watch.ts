import type { ChildProcess } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import type { Phase, Sample } from '@leakwatch/contracts'
import { Sampler } from '@leakwatch/sampler'
import type { RunExtension } from './extension.js'
import type { ChildMessage, OrderMessage, StartMessage } from './protocol.js'

/** How a child's run ended. */
export type Ending =
  | { kind: 'done' }
  | { kind: 'interrupted' }
  | { kind: 'timeout'; afterMs: number }
  /** The parent's own `extend` threw: the run cannot go on, and it is not the scenario's fault. */
  | { kind: 'extend-failed'; message: string }
  | { kind: 'threw'; message: string }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }

/** What `watch` needs besides the child. */
export interface WatchOptions {
  intervalMs?: number | undefined
  signal?: AbortSignal | undefined
  /** Every sample, in order: the parent's own and the child's checkpoints. */
  record: (sample: Sample) => void
  /** All samples so far, handed to the extension's decision. */
  samples: readonly Sample[]
  extension: RunExtension
}

const epoch = () => performance.timeOrigin + performance.now()

/**
 * Follows the child until it reports done, fails, crashes, times out or is interrupted,
 * sampling it from outside on an interval, and answers its `measured` (extend or finish).
 * Each extension stretches the timeout in proportion, so a longer run never reads as a deadlock.
 */
export function watch(child: ChildProcess, start: StartMessage, options: WatchOptions): Promise<Ending> {
  return new Promise<Ending>((resolve) => {
    let phase: Phase = 'warmup'
    let origin = 0
    let sampler: Sampler | undefined
    let thrown: string | undefined
    let over = false
    const began = epoch()
    let limitMs = start.plan.timeoutMs
    let timer = setTimeout(() => end({ kind: 'timeout', afterMs: limitMs }), limitMs)
    const onAbort = () => end({ kind: 'interrupted' })
    options.signal?.addEventListener('abort', onAbort, { once: true })

    function end(ending: Ending) {
      over = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      sampler?.stop()
      child.removeAllListeners('message').removeAllListeners('exit')
      resolve(ending)
    }

    function stretchTimeout(fraction: number) {
      if (fraction <= 0) return
      limitMs += start.plan.timeoutMs * fraction
      clearTimeout(timer)
      timer = setTimeout(() => end({ kind: 'timeout', afterMs: limitMs }), Math.max(0, began + limitMs - epoch()))
    }

    function answer(cycles: number, at: number) {
      let order: OrderMessage
      try {
        const { order: next, grewBy } = options.extension.answer(cycles, at, options.samples)
        stretchTimeout(grewBy)
        order = next
      } catch (err) {
        return end({ kind: 'extend-failed', message: `extend() failed: ${(err as Error).message}` })
      }
      // Ctrl-C may have come while extend decided: the child is going, and the extension never ran
      if (over) {
        if (order.type === 'extend') options.extension.revoke()
        return
      }
      child.send(order, () => {})
    }

    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        // t = 0 when the child is ready: node has booted and the scenario is loaded
        origin = message.at
        sampler = new Sampler({
          pid: child.pid,
          intervalMs: options.intervalMs ?? 100,
          capacity: 0,
          now: epoch,
          origin,
          sink: (sample) => options.record({ ...sample, phase }),
        })
        sampler.on('error', () => {}) // the child's own exit decides how the run ends
        sampler.start()
      } else if (message.type === 'checkpoint') {
        phase = message.sample.phase ?? phase
        options.extension.onCheckpoint(message.sample, message.at)
        options.record({ ...message.sample, t: message.at - origin })
      } else if (message.type === 'measured') {
        answer(message.cycles, message.at)
      } else if (message.type === 'error') {
        thrown = message.message
      } else if (message.type === 'done') {
        // one last look from outside, after teardown, before the child goes
        void (sampler?.sampleNow({ phase: 'after' }) ?? Promise.resolve()).then(() => end({ kind: 'done' }))
      }
    })
    child.once('exit', (code, signal) => end(thrown !== undefined ? { kind: 'threw', message: thrown } : { kind: 'exited', code, signal }))
    if (options.signal?.aborted) return end({ kind: 'interrupted' })
    child.send(start)
  })
}
