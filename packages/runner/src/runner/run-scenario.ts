import { fork } from 'node:child_process'
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Sample } from '@leakwatch/contracts'
import { ndjsonSink, stopProcess } from '@leakwatch/sampler'
import { planScenario, type RunPlan } from '../plan.js'
import type { ScenarioParams, ScenarioRef } from '../scenario.js'
import { crashReason } from './crash-reason.js'
import { type ExtendDecision, type ExtendedRun, type ExtensionBounds, RunExtension } from './extension.js'
import { watch } from './watch.js'

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
  /** Told the plan once it is made, before the child starts (or the scenario is skipped). */
  onStart?: (plan: RunPlan) => void
  /** Every sample, as it arrives: the parent's and the child's checkpoints. */
  onSample?: (sample: Sample) => void
  /** More Node flags for the child, beside --expose-gc (e.g. --max-old-space-size=512). */
  execArgv?: string[]
  /**
   * Asked when the planned measured cycles are done (and after each extension): a reason to
   * keep going, or undefined to finish. Given the samples so far, typically it grades them and
   * asks for more where the late trend is ambiguous. Without it a run is never extended.
   */
  extend?: ExtendDecision
  /**
   * Bounds of the extension; false turns it off (`extend` is then never asked).
   * Default `{ maxFactor: 4 }`, and `maxMs` as long as the planned part took (at least 20 s). Each extension is half the planned cycles (or
   * duration), or what the bounds still allow.
   */
  extension?: ExtensionBounds | false
}

/** What one scenario run measured, and how it ended. Grading is the caller's. */
export interface ScenarioRun {
  name: string
  suite: string
  description: string
  params: ScenarioParams
  plan: RunPlan
  /** 'done': every phase ran. 'error': it threw, crashed, timed out or was interrupted. 'skip': see `skipped`. */
  status: 'done' | 'error' | 'skip'
  /** Why it did not run here (its `skip()` said so). */
  skipped?: string
  /** Why it ended in error, one line. */
  error?: string
  interrupted?: boolean
  /** Present when the run was extended past its plan (see `RunScenarioOptions.extend`). */
  extended?: ExtendedRun
  /** The child's pid; it has exited when the run returns. */
  pid: number | undefined
  samples: Sample[]
  samplesFile: string
  logFile: string
  durationMs: number
}

const epoch = () => performance.timeOrigin + performance.now()
const childEntry = () => createRequire(import.meta.url).resolve('@leakwatch/runner/child')

/**
 * Runs one scenario in its own child process (node --expose-gc) and samples it from outside
 * while it works. Every sample is written to `<outDir>/samples/<name>.ndjson` as it arrives,
 * so a crash, a timeout or Ctrl-C loses nothing already measured; the child never outlives
 * the run. With `extend`, a run whose evidence is not yet clear goes on for more measured
 * cycles, within bounds, before teardown.
 */
export async function runScenario(ref: ScenarioRef, options: RunScenarioOptions): Promise<ScenarioRun> {
  const plan = planScenario(ref.scenario, options.scale)
  const params = { ...ref.scenario.params, ...options.params }
  options.onStart?.(plan)
  const skipped = askSkip(ref)
  if (skipped) {
    return { name: ref.name, suite: ref.suite, description: ref.description, params, plan, pid: undefined, samples: [], samplesFile: '', logFile: '', durationMs: 0, ...skipped }
  }
  mkdirSync(join(options.outDir, 'samples'), { recursive: true })
  mkdirSync(join(options.outDir, 'logs'), { recursive: true })
  const samplesFile = join(options.outDir, 'samples', `${ref.name}.ndjson`)
  const logFile = join(options.outDir, 'logs', `${ref.name}.log`)
  const out = createWriteStream(samplesFile)
  const log = createWriteStream(logFile)
  const write = ndjsonSink(out)
  const samples: Sample[] = []
  const started = epoch()
  const record = (sample: Sample) => {
    samples.push(sample)
    write(sample)
    options.onSample?.(sample)
  }

  const child = fork(childEntry(), [], { execArgv: ['--expose-gc', ...(options.execArgv ?? [])], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  child.stdout?.pipe(log, { end: false })
  child.stderr?.pipe(log, { end: false })
  let stderrTail = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000)
  })

  const run: ScenarioRun = { name: ref.name, suite: ref.suite, description: ref.description, params, plan, status: 'done', pid: child.pid, samples, samplesFile, logFile, durationMs: 0 }
  const extension = new RunExtension(plan, options.extend, options.extension)
  try {
    const ending = await watch(child, { type: 'start', source: ref.source, plan, params }, {
      intervalMs: options.intervalMs, signal: options.signal, record, samples, extension,
    })
    if (ending.kind !== 'done') {
      run.status = 'error'
      run.error = ending.kind === 'interrupted' ? 'interrupted'
        : ending.kind === 'timeout' ? `timeout after ${seconds(ending.afterMs)} (possible deadlock)`
        : ending.kind === 'extend-failed' ? ending.message
        : crashReason(ending, stderrTail)
      if (ending.kind === 'interrupted') run.interrupted = true
    }
    const extended = extension.extended
    if (extended) run.extended = extended
  } finally {
    await stopProcess(child, { graceMs: 0 })
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

function close(stream: WriteStream): Promise<void> {
  return new Promise((done) => stream.end(done))
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
