import { type ChildProcess, fork } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { type Phase, type Sample, Sampler } from '@leakwatch/sampler'
import { planScenario, type RunPlan } from '../plan.js'
import type { ScenarioParams, ScenarioRef } from '../scenario.js'
import { crashReason } from './crash-reason.js'
import type { ChildMessage, StartMessage } from './protocol.js'

export interface RunScenarioOptions {
  /** Where samples (`samples/<name>.ndjson`) and the child's output (`logs/<name>.log`) go. */
  outDir: string
  /** Overrides of the scenario's params, e.g. `{ fault: true }`. */
  params?: ScenarioParams
  scale?: number
  /** Milliseconds between the parent's samples of the child. Default 100. */
  intervalMs?: number
  /** Aborting kills the child and ends the run as 'interrupted'. */
  signal?: AbortSignal
  /** Every sample, as it arrives: the parent's and the child's checkpoints. */
  onSample?: (sample: Sample) => void
  /** More Node flags for the child, beside --expose-gc (e.g. --max-old-space-size=512). */
  execArgv?: string[]
}

/** What one scenario run measured, and how it ended. Grading is the caller's. */
export interface ScenarioRun {
  name: string
  suite: string
  params: ScenarioParams
  plan: RunPlan
  /** 'done': every phase ran. 'error': it threw, crashed, timed out or was interrupted. 'skip': see `skipped`. */
  status: 'done' | 'error' | 'skip'
  /** Why it did not run here (its `skip()` said so). */
  skipped?: string
  /** Why it ended in error, one line. */
  error?: string
  interrupted?: boolean
  /** The child's pid; it has exited when the run returns. */
  pid: number | undefined
  samples: Sample[]
  samplesFile: string
  logFile: string
  durationMs: number
}

const epoch = () => performance.timeOrigin + performance.now()
const childEntry = () => createRequire(import.meta.url).resolve('@leakwatch/scenarios/child')

/**
 * Runs one scenario in its own child process (node --expose-gc) and samples it from outside
 * while it works. Every sample is written to `<outDir>/samples/<name>.ndjson` as it arrives,
 * so a crash, a timeout or Ctrl-C loses nothing already measured; the child never outlives
 * the run.
 */
export async function runScenario(ref: ScenarioRef, options: RunScenarioOptions): Promise<ScenarioRun> {
  const plan = planScenario(ref.scenario, options.scale)
  const params = { ...ref.scenario.params, ...options.params }
  const skipped = askSkip(ref)
  if (skipped) {
    return { name: ref.name, suite: ref.suite, params, plan, pid: undefined, samples: [], samplesFile: '', logFile: '', durationMs: 0, ...skipped }
  }
  mkdirSync(join(options.outDir, 'samples'), { recursive: true })
  mkdirSync(join(options.outDir, 'logs'), { recursive: true })
  const samplesFile = join(options.outDir, 'samples', `${ref.name}.ndjson`)
  const logFile = join(options.outDir, 'logs', `${ref.name}.log`)
  const out = createWriteStream(samplesFile)
  const log = createWriteStream(logFile)
  const samples: Sample[] = []
  const started = epoch()
  const record = (sample: Sample) => {
    samples.push(sample)
    out.write(`${JSON.stringify(sample)}\n`)
    options.onSample?.(sample)
  }

  const child = fork(childEntry(), [], { execArgv: ['--expose-gc', ...(options.execArgv ?? [])], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  child.stdout?.pipe(log, { end: false })
  child.stderr?.pipe(log, { end: false })
  let stderrTail = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000)
  })

  const run: ScenarioRun = { name: ref.name, suite: ref.suite, params, plan, status: 'done', pid: child.pid, samples, samplesFile, logFile, durationMs: 0 }
  try {
    const ending = await watch(child, { type: 'start', source: ref.source, plan, params }, options, record)
    if (ending.kind !== 'done') {
      run.status = 'error'
      run.error = ending.kind === 'interrupted' ? 'interrupted' : ending.kind === 'timeout'
        ? `timeout after ${seconds(plan.timeoutMs)} (possible deadlock)`
        : crashReason(ending, stderrTail)
      if (ending.kind === 'interrupted') run.interrupted = true
    }
  } finally {
    await kill(child)
    await Promise.all([close(out), close(log)])
    run.durationMs = epoch() - started
  }
  return run
}

/** The scenario's own `skip()`: a reason to skip it here, or an error when it throws. */
function askSkip(ref: ScenarioRef): Pick<ScenarioRun, 'status' | 'skipped' | 'error'> | undefined {
  try {
    const reason = ref.scenario.skip?.()
    return reason ? { status: 'skip', skipped: reason } : undefined
  } catch (err) {
    return { status: 'error', error: (err as Error).message }
  }
}

type Ending =
  | { kind: 'done' }
  | { kind: 'interrupted' }
  | { kind: 'timeout' }
  | { kind: 'threw'; message: string }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }

/** Follows the child until it reports done, fails, crashes, times out or is interrupted. */
function watch(child: ChildProcess, start: StartMessage, options: RunScenarioOptions, record: (s: Sample) => void): Promise<Ending> {
  return new Promise<Ending>((resolve) => {
    let phase: Phase = 'warmup'
    let origin = 0
    let sampler: Sampler | undefined
    let thrown: string | undefined
    const timer = setTimeout(() => end({ kind: 'timeout' }), start.plan.timeoutMs)
    const onAbort = () => end({ kind: 'interrupted' })
    options.signal?.addEventListener('abort', onAbort, { once: true })

    function end(ending: Ending) {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      sampler?.stop()
      child.removeAllListeners('message').removeAllListeners('exit')
      resolve(ending)
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
          sink: (sample) => record({ ...sample, phase }),
        })
        sampler.on('error', () => {}) // the child's own exit decides how the run ends
        sampler.start()
      } else if (message.type === 'checkpoint') {
        phase = message.sample.phase ?? phase
        record({ ...message.sample, t: message.at - origin })
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

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  await exited
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((done) => stream.end(done))
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
