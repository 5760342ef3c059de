import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { ndjsonSink, Sampler } from '@leakwatch/sampler'
import { EXIT, UsageError } from './errors.js'
import type { Io } from './io.js'
import { SampleTable } from './sample-table.js'

export interface WatchOptions {
  /** A running process, or a command to start and sample until it exits. */
  target: { pid: number } | { command: string[] }
  intervalMs: number
  durationMs?: number | undefined
  format: 'table' | 'ndjson'
}

type Ending = 'exited' | 'duration' | 'interrupted'

/** How long a started command has to stop after SIGTERM before it gets SIGKILL. */
const KILL_GRACE_MS = 5_000

/**
 * Samples a process until it exits, the duration passes or the run is interrupted, writing
 * every sample as it is taken, so an interruption loses nothing already measured.
 */
export async function watchProcess(options: WatchOptions, io: Io): Promise<number> {
  const child = 'command' in options.target ? await startCommand(options.target.command, io) : undefined
  const pid = child?.pid ?? (options.target as { pid: number }).pid
  const table = options.format === 'table' ? new SampleTable() : undefined
  const sampler = new Sampler({
    pid,
    intervalMs: options.intervalMs,
    capacity: 0, // every sample goes straight to the output
    ref: true,
    sink: table ? (sample) => io.stdout.write(table.row(sample)) : ndjsonSink(io.stdout),
  })
  try {
    sampler.start()
  } catch (err) {
    child?.kill('SIGKILL')
    throw err
  }
  if (table) io.stdout.write(table.header()) // before the first sample, which lands a tick later

  const ending = await waitForEnd(sampler, child, options.durationMs, io.signal)
  sampler.stop()
  if (table) io.stdout.write(table.summary())

  if (ending === 'interrupted') {
    if (child) await stopCommand(child)
    return EXIT.interrupted
  }
  if (!child) return EXIT.ok
  if (ending === 'duration') {
    await stopCommand(child)
    return EXIT.ok
  }
  const code = child.exitCode ?? (await once(child, 'exit'))[0]
  if (code === 0) return EXIT.ok
  io.stderr.write(`leakwatch: the command exited with ${code === null ? `signal ${child.signalCode}` : `code ${code}`}\n`)
  return EXIT.failed
}

async function startCommand(command: string[], io: Io): Promise<ChildProcess> {
  const [file = '', ...args] = command
  const child = spawn(file, args, { stdio: ['inherit', 'pipe', 'pipe'] })
  child.stdout?.pipe(io.stderr, { end: false })
  child.stderr?.pipe(io.stderr, { end: false })
  try {
    await once(child, 'spawn')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'command not found' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new UsageError(`cannot start '${file}': ${why}`, { cause: err })
  }
  return child
}

function waitForEnd(
  sampler: Sampler,
  child: ChildProcess | undefined,
  durationMs: number | undefined,
  signal: AbortSignal | undefined,
): Promise<Ending> {
  return new Promise<Ending>((resolve, reject) => {
    const timer = durationMs === undefined ? undefined : setTimeout(() => end('duration'), durationMs)
    const onAbort = () => end('interrupted')
    const onExit = () => end('exited')
    function end(ending: Ending) {
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

/** SIGTERM, then SIGKILL if the command has not stopped within the grace period. */
async function stopCommand(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS)
  await exited
  clearTimeout(timer)
}
