import type { ChildProcess } from 'node:child_process'
import type { Sample } from '@leakwatch/contracts'
import { startCommandGroup } from './_command-group.js'
import { assertTimerFits } from './_timers.js'
import { Sampler } from './sampler.js'

export interface WatchProcessOptions {
  /**
   * A running process (left running), or a command to start and sample until it exits. A
   * command runs in a process group of its own, which ends with the sampling however it ends:
   * what the command started is ended with it, and if leakwatch itself is killed outright a
   * watchdog ends the group.
   */
  target: { pid: number } | { command: readonly string[] }
  /** Every sample, as it is taken. */
  onSample: (sample: Sample) => void
  /** Milliseconds between samples. Default 1000. */
  intervalMs?: number
  /**
   * Stop after this long (at most 2^31-1 ms); a started command's group is then stopped
   * (SIGTERM, then SIGKILL after `graceMs`).
   */
  durationMs?: number
  /** How long a started command's group has to end after SIGTERM before SIGKILL. Default 5000. */
  graceMs?: number
  /** Aborting stops sampling (and a started command) with ending 'interrupted'. */
  signal?: AbortSignal
  /** Where a started command's stdout and stderr go. Default `process.stderr`, so stdout can hold samples. */
  output?: NodeJS.WritableStream
}

export interface WatchResult {
  /** 'exited': the process ended by itself; 'duration': time was up; 'interrupted': the signal aborted. */
  ending: 'exited' | 'duration' | 'interrupted'
  pid: number
  /** How a started command ended (its exit code, or the signal that ended it). */
  exit?: { code: number | null; signal: NodeJS.Signals | null }
}

/**
 * Samples a process until it exits, the duration passes or the signal aborts, handing every
 * sample over as it is taken, so an interruption loses nothing already measured. A command
 * that cannot start is a `SamplerError` (`LEAKWATCH_CANNOT_START`); a pid that does not exist
 * is one too (`LEAKWATCH_NO_SUCH_PID`).
 *
 * @example
 * const out = createWriteStream('app.ndjson')
 * const result = await watchProcess({ target: { command: ['node', 'app.js'] }, durationMs: 60_000, onSample: ndjsonSink(out) })
 * console.log(result.ending, result.exit) // 'duration', { code: null, signal: 'SIGTERM' }
 */
export async function watchProcess(options: WatchProcessOptions): Promise<WatchResult> {
  if (options.durationMs !== undefined) assertTimerFits(options.durationMs, 'durationMs') // else it ends after 1 ms
  const command = 'command' in options.target ? await startCommandGroup(options.target.command, options.output ?? process.stderr) : undefined
  const pid = command?.pid ?? (options.target as { pid: number }).pid
  let sampler: Sampler
  let ending: WatchResult['ending']
  try {
    sampler = new Sampler({ pid, intervalMs: options.intervalMs ?? 1000, capacity: 0, ref: true, sink: options.onSample }).start()
    ending = await waitForEnd(sampler, command?.child, options.durationMs, options.signal).finally(() => sampler.stop())
  } catch (err) {
    await command?.end(0)
    throw err
  }
  if (!command) return { ending, pid }
  await command.end(options.graceMs ?? 5_000)
  return { ending, pid, exit: { code: command.child.exitCode, signal: command.child.signalCode } }
}

function waitForEnd(
  sampler: Sampler,
  child: ChildProcess | undefined,
  durationMs: number | undefined,
  signal: AbortSignal | undefined,
): Promise<WatchResult['ending']> {
  return new Promise((resolve, reject) => {
    const timer = durationMs === undefined ? undefined : setTimeout(() => end('duration'), durationMs)
    const onAbort = () => end('interrupted')
    const onExit = () => end('exited')
    function end(ending: WatchResult['ending']) {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      sampler.off('exit', onExit).off('error', reject)
      child?.off('exit', onExit)
      resolve(ending)
    }
    sampler.once('exit', onExit).once('error', reject)
    child?.once('exit', onExit)
    signal?.addEventListener('abort', onAbort, { once: true })
    if (signal?.aborted) onAbort()
  })
}
