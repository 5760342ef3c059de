import type { ChildProcess } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import type { Diagnosis, Phase, Sample } from '@leakwatch/contracts'
import { Sampler } from '@leakwatch/sampler'
import type { RunExtension } from './extension.js'
import type { ChildMessage, OrderMessage, StartMessage } from './protocol.js'
import { clampedTimeout } from './timers.js'

/** How a child's run ended. */
export type Ending =
  | { kind: 'done' }
  | { kind: 'interrupted' }
  | { kind: 'timeout'; afterMs: number }
  /** The parent's own `extend` threw: the run cannot go on, and it is not the scenario's fault. */
  | { kind: 'extend-failed'; message: string }
  /** The run cannot go on on the parent's side (its samples or log cannot be written): `message` says why. */
  | { kind: 'failed'; message: string }
  | { kind: 'threw'; message: string }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }

/** What `watch` needs besides the child. */
export interface WatchOptions {
  intervalMs?: number | undefined
  signal?: AbortSignal | undefined
  /** Aborted when the run cannot go on; its reason is the one-line message of the ending. */
  failed?: AbortSignal | undefined
  /** Every sample, in order: the parent's own and the child's checkpoints. */
  record: (sample: Sample) => void
  /** All samples so far, handed to the extension's decision. */
  samples: readonly Sample[]
  extension: RunExtension
  /** A diagnosis pass's findings, when the child sends them. */
  onDiagnosis?: ((diagnosis: Diagnosis) => void) | undefined
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
    let finished = false // 'done' came: an exit from here on is the end of a complete run
    let over = false
    const began = epoch()
    let limitMs = start.plan.timeoutMs
    let timer: NodeJS.Timeout | undefined
    const onAbort = () => end({ kind: 'interrupted' })
    const onFailed = () => end({ kind: 'failed', message: String(options.failed?.reason) })
    options.signal?.addEventListener('abort', onAbort, { once: true })
    options.failed?.addEventListener('abort', onFailed, { once: true })

    function end(ending: Ending) {
      if (over) return
      over = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      options.failed?.removeEventListener('abort', onFailed)
      sampler?.stop()
      child.off('message', onMessage).off('exit', onExit)
      resolve(ending)
    }

    // a timer waits at most 2^31 − 1 ms: a longer limit (an extended run) is re-armed until it is reached
    function armTimeout() {
      clearTimeout(timer)
      const left = began + limitMs - epoch()
      timer = clampedTimeout(() => (epoch() - began >= limitMs ? end({ kind: 'timeout', afterMs: limitMs }) : armTimeout()), left)
    }
    armTimeout()

    function stretchTimeout(fraction: number) {
      if (fraction <= 0) return
      limitMs += start.plan.timeoutMs * fraction
      armTimeout()
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

    function onMessage(message: ChildMessage) {
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
      } else if (message.type === 'diagnosis') {
        options.onDiagnosis?.(message.diagnosis)
      } else if (message.type === 'error') {
        thrown = message.message
      } else if (message.type === 'done') {
        finished = true
        // one last look from outside, after teardown, before the child goes
        void (sampler?.sampleNow({ phase: 'after' }) ?? Promise.resolve()).then(() => end({ kind: 'done' }))
      }
    }

    function onExit(code: number | null, signal: NodeJS.Signals | null) {
      if (finished) end({ kind: 'done' })
      else end(thrown !== undefined ? { kind: 'threw', message: thrown } : { kind: 'exited', code, signal })
    }

    child.on('message', onMessage)
    child.once('exit', onExit)
    if (options.signal?.aborted) return end({ kind: 'interrupted' })
    if (options.failed?.aborted) return onFailed()
    child.send(start, () => {}) // a child already gone is told by its exit
  })
}
