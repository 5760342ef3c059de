import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import type { Sample } from '@leakwatch/contracts'
import { SamplerError } from './errors.js'
import { Sampler } from './sampler.js'
import { stopProcess } from './stop-process.js'

export interface WatchProcessOptions {
  /** A running process (left running), or a command to start and sample until it exits. */
  target: { pid: number } | { command: readonly string[] }
  /** Every sample, as it is taken. */
  onSample: (sample: Sample) => void
  /** Milliseconds between samples. Default 1000. */
  intervalMs?: number
  /** Stop after this long; a started command is then stopped (SIGTERM, SIGKILL 5 s later). */
  durationMs?: number
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
  const child = 'command' in options.target ? await startCommand(options.target.command, options.output ?? process.stderr) : undefined
  const pid = child?.pid ?? (options.target as { pid: number }).pid
  const sampler = new Sampler({ pid, intervalMs: options.intervalMs ?? 1000, capacity: 0, ref: true, sink: options.onSample })
  try {
    sampler.start()
  } catch (err) {
    if (child) await stopProcess(child, { graceMs: 0 })
    throw err
  }
  const ending = await waitForEnd(sampler, child, options.durationMs, options.signal).finally(() => sampler.stop())
  if (!child) return { ending, pid }
  if (ending !== 'exited') await stopProcess(child)
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
  return { ending, pid, exit: { code: child.exitCode, signal: child.signalCode } }
}

async function startCommand(command: readonly string[], output: NodeJS.WritableStream): Promise<ChildProcess> {
  const [file = '', ...args] = command
  const child = spawn(file, args, { stdio: ['inherit', 'pipe', 'pipe'] })
  child.stdout?.pipe(output, { end: false })
  child.stderr?.pipe(output, { end: false })
  try {
    await once(child, 'spawn')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'command not found' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new SamplerError('LEAKWATCH_CANNOT_START', `cannot start '${file}': ${why}`, { cause: err })
  }
  return child
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
