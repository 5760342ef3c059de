import { performance } from 'node:perf_hooks'
import type { Diagnosis, Sample } from '@leakwatch/contracts'
import { SeriesBuffer } from '@leakwatch/grader'
import { planScenario, type RunPlan } from '../plan.js'
import type { ScenarioParams, ScenarioRef } from '../scenario.js'
import { crashReason } from './crash-reason.js'
import { type ExtendDecision, type ExtendedRun, type ExtensionBounds, RunExtension } from './extension.js'
import type { DiagnoseStart } from './protocol.js'
import { outputFiles, RunOutput } from './run-output.js'
import { ScenarioProcess } from './scenario-process.js'
import { type Ending, watch } from './watch.js'

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
  /**
   * The samples taken from outside that `samples` keeps at most (checkpoints and phase changes
   * are kept apart); every sample is in the file whatever the bound. Default 4,000.
   */
  maxSamples?: number
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
  /**
   * Makes this run a diagnosis pass: the child runs these instruments and reports where the
   * leak grows (`ScenarioRun.diagnosis`). See `runSuite`'s `diagnose`.
   */
  diagnose?: DiagnoseStart
  /** The name of the samples and log files, instead of the scenario's (`<name>.diagnose`). */
  outputName?: string
  /** Environment of the child, instead of this process's (e.g. jemalloc preloaded). */
  env?: NodeJS.ProcessEnv
  /** Time the child may take beyond its plan's timeout, milliseconds (a diagnosis pass's instruments). */
  extraTimeoutMs?: number
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
  /**
   * Processes of the scenario's process group still running after teardown, as `sleep (pid
   * 1234)`: what it started and did not end (a run that finished only). They were killed with
   * the group; the grader fails the run on them (`processes` after teardown).
   */
  leftoverProcesses?: string[]
  /** Present when the run was extended past its plan (see `RunScenarioOptions.extend`). */
  extended?: ExtendedRun
  /** The child's pid, which is also its process group's id; the group has ended when the run returns. */
  pid: number | undefined
  /**
   * The series as the grader needs it, bounded (every checkpoint and phase change, the samples
   * taken from outside thinned to a few thousand over the run), so that a long run keeps
   * leakwatch's own memory flat; every sample is in `samplesFile`.
   */
  samples: readonly Sample[]
  samplesFile: string
  logFile: string
  durationMs: number
  /** A diagnosis pass's findings (`diagnose`), as far as the child got. */
  diagnosis?: Diagnosis
}

const epoch = () => performance.timeOrigin + performance.now()
/** How long the child's output may take to reach the log once its processes have ended. */
const OUTPUT_WAIT_MS = 5_000

/**
 * Runs one scenario in its own child process (node --expose-gc), leading a process group of
 * its own, and samples it from outside while it works. Every sample is written to
 * `<outDir>/samples/<name>.ndjson` as it arrives, so a crash, a timeout or Ctrl-C loses nothing
 * already measured; a write error (a full disk) ends the run as an error naming the file, with
 * every sample kept in `samples`. However the run ends, the whole group (the child and whatever
 * it started) is killed and gone before this returns, and the log holds all the child wrote.
 * With `extend`, a run whose evidence is not yet clear goes on for more measured cycles, within
 * bounds, before teardown.
 */
export async function runScenario(ref: ScenarioRef, options: RunScenarioOptions): Promise<ScenarioRun> {
  const planned = planScenario(ref.scenario, options.scale)
  const plan = options.extraTimeoutMs ? { ...planned, timeoutMs: planned.timeoutMs + options.extraTimeoutMs } : planned
  const params = { ...ref.scenario.params, ...options.params }
  options.onStart?.(plan)
  const skipped = askSkip(ref)
  if (skipped) {
    return { name: ref.name, suite: ref.suite, description: ref.description, params, plan, pid: undefined, samples: [], samplesFile: '', logFile: '', durationMs: 0, ...skipped }
  }
  const started = epoch()
  const series = new SeriesBuffer(options.maxSamples === undefined ? {} : { maxSamples: options.maxSamples })
  const base = { name: ref.name, suite: ref.suite, description: ref.description, params, plan, pid: undefined, samples: series.samples }
  let output: RunOutput
  try {
    output = RunOutput.open(options.outDir, options.outputName ?? ref.name)
  } catch (err) {
    return { ...base, ...outputFiles(options.outDir, options.outputName ?? ref.name), status: 'error', error: (err as Error).message, durationMs: epoch() - started }
  }
  const { samplesFile, logFile } = output
  const samples = base.samples
  const record = (sample: Sample) => {
    series.push(sample)
    output.writeSample(sample)
    options.onSample?.(sample)
  }

  const proc = new ScenarioProcess(['--expose-gc', ...(options.execArgv ?? [])], output.log, options.env)
  const run: ScenarioRun = { ...base, status: 'done', pid: proc.pgid, samplesFile, logFile, durationMs: 0 }
  const extension = new RunExtension(plan, options.extend, options.extension)
  try {
    const ending: Ending = proc.pgid === undefined
      ? { kind: 'failed', message: `cannot start the scenario's process: ${(await proc.startError()).message}` }
      : await watch(proc.child, { type: 'start', source: ref.source, plan, params, ...(options.diagnose ? { diagnose: options.diagnose } : {}) }, {
        intervalMs: options.intervalMs, signal: options.signal, failed: output.failed, record, samples, extension,
        onDiagnosis: (diagnosis) => (run.diagnosis = diagnosis),
      })
    if (ending.kind === 'done') {
      // what teardown left running, named before the group is ended with it
      const others = proc.others()
      if (others.length > 0) run.leftoverProcesses = others
    } else {
      run.status = 'error'
      run.error = ending.kind === 'interrupted' ? 'interrupted'
        : ending.kind === 'timeout' ? `timeout after ${seconds(ending.afterMs)} (possible deadlock)`
        : ending.kind === 'extend-failed' || ending.kind === 'failed' ? ending.message
        : crashReason(ending, proc.stderrTail)
      if (ending.kind === 'interrupted') run.interrupted = true
    }
    const extended = extension.extended
    if (extended) run.extended = extended
  } finally {
    // every ending ends the whole group, grandchildren included, and waits for it
    await proc.end()
    if (!(await proc.outputEnded(OUTPUT_WAIT_MS))) {
      output.note(`the output stopped being recorded here: still open ${seconds(OUTPUT_WAIT_MS)} after the scenario's processes ended (a process outside its group holds it)`)
    }
    await output.close()
    // a write error while flushing the last samples
    if (output.failure !== undefined && run.status === 'done') {
      run.status = 'error'
      run.error = output.failure
      delete run.leftoverProcesses
    }
    run.durationMs = epoch() - started
  }
  return run
}

/** The scenario's own `skip()`, asked when it was resolved: a reason to skip it here, or an error when it threw. */
function askSkip(ref: ScenarioRef): Pick<ScenarioRun, 'status' | 'skipped' | 'error'> | undefined {
  if (ref.skipError !== undefined) return { status: 'error', error: ref.skipError }
  return ref.skipped ? { status: 'skip', skipped: ref.skipped } : undefined
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
