import { fork } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { killGroup, trackGroup, untrackGroup } from '@leakwatch/sampler'
import { ScenarioError } from './errors.js'
import { MAX_TIMER_MS } from './runner/timers.js'
import type { ScenarioInfo, SkipAnswer } from './scenario.js'

/** A scenario of a file as the process that loaded it reports it: its data and its `skip()`'s answer. */
export type InspectedScenario = ScenarioInfo & SkipAnswer

/** What the loading process (`dist/inspect.js`) sends back over IPC. */
export type InspectMessage =
  /** The file is imported and its scenarios are valid; their `skip()`s are asked next. */
  | { type: 'loaded' }
  | { type: 'scenarios'; scenarios: InspectedScenario[] }
  /** One line, naming the file. */
  | { type: 'error'; message: string }

export interface InspectOptions {
  /** How long the file's top-level code, and then its scenarios' `skip()`, may take, in ms. Default 30 000. */
  timeoutMs?: number | undefined
  /** Aborting kills the loading process: a ScenarioError. */
  signal?: AbortSignal | undefined
}

const inspectEntry = () => createRequire(import.meta.url).resolve('@leakwatch/runner/inspect')

/**
 * Loads a scenario file in a short-lived process of its own and returns its scenarios as data,
 * each with its `skip()`'s answer: the file's top-level code never runs in this process. The
 * process leads a process group of its own, killed with everything in it once the answer is in
 * (or on timeout or abort), and tracked meanwhile (`trackGroup`) so that a signal handler can
 * end it. A file that cannot be loaded, does not finish loading within `timeoutMs`, or ends its
 * process while loading (a top-level `process.exit`) is a ScenarioError (`LEAKWATCH_BAD_SCENARIO`)
 * whose one line names the file.
 *
 * @example
 * const [info] = await inspectScenarioFile('frame-cache.scenario.ts', { timeoutMs: 10_000 })
 * console.log(info?.name, info?.cycles, info?.skipped) // frame-cache 1000 undefined
 */
export async function inspectScenarioFile(file: string, { timeoutMs = 30_000, signal }: InspectOptions = {}): Promise<InspectedScenario[]> {
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    throw new ScenarioError('LEAKWATCH_BAD_OPTION', `the time to load a scenario file must be a number of ms above 0 and at most ${MAX_TIMER_MS}, got ${String(timeoutMs)}`)
  }
  const path = resolve(file)
  if (!existsSync(path)) throw bad(file, 'no such file')
  if (!statSync(path).isFile()) throw bad(file, 'not a file')
  if (signal?.aborted) throw bad(file, 'loading it was interrupted')

  // its own process group (detached), so that what its top level starts is ended with it;
  // no inherited flags (an --inspect port, a loader) and no output: the run's child loads the
  // file again, and what its top level prints goes to the run's log there
  const child = fork(inspectEntry(), [file], { detached: true, execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
  const pid = child.pid
  if (pid !== undefined) trackGroup(pid)
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  let loaded = false
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  try {
    return await new Promise<InspectedScenario[]>((done, fail) => {
      timer = setTimeout(() => {
        const within = `within ${seconds(timeoutMs)} (an endless loop?)`
        fail(bad(file, loaded ? `its skip() did not return ${within}` : `its top-level code did not finish ${within}`))
      }, timeoutMs)
      onAbort = () => fail(bad(file, 'loading it was interrupted'))
      signal?.addEventListener('abort', onAbort, { once: true })
      child.on('message', (message: InspectMessage) => {
        if (message?.type === 'loaded') loaded = true
        else if (message?.type === 'scenarios') done(message.scenarios)
        else if (message?.type === 'error') fail(new ScenarioError('LEAKWATCH_BAD_SCENARIO', message.message))
      })
      child.once('exit', (code, killedBy) => {
        fail(bad(file, code !== null ? 'the file ended the process while loading (process.exit at top level?)' : `the process loading it was killed by ${killedBy}`))
      })
      child.once('error', (err) => fail(bad(file, `cannot start a process to load it: ${err.message}`, err)))
    })
  } finally {
    clearTimeout(timer)
    if (onAbort) signal?.removeEventListener('abort', onAbort)
    if (pid !== undefined) {
      killGroup(pid)
      await exited
      untrackGroup(pid)
    }
  }
}

function bad(file: string, problem: string, cause?: unknown): ScenarioError {
  return new ScenarioError('LEAKWATCH_BAD_SCENARIO', `${file}: ${problem}`, { cause })
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`)
