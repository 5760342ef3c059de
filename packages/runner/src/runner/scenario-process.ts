import { type ChildProcess, fork } from 'node:child_process'
import { createRequire } from 'node:module'
import type { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { groupMembers, killGroup, trackGroup, untrackGroup, watchGroup } from '@leakwatch/sampler'
import { LEADS_GROUP } from './protocol.js'

const childEntry = () => createRequire(import.meta.url).resolve('@leakwatch/runner/child')

/** How long `end` waits for the child to exit, and then for the rest of its group, after SIGKILL. */
const EXIT_WAIT_MS = 5_000
const GROUP_WAIT_MS = 2_000

/**
 * A scenario's child process (`node --expose-gc dist/child.js`), leading a process group of its
 * own (`detached`): the terminal's Ctrl-C does not reach it (the parent decides), and it ends with
 * everything it started, grandchildren included, in one signal to the group. The group is
 * tracked (`trackGroup`) from the fork until it is empty, so that however leakwatch ends, its
 * handlers can end it (`killTrackedGroups`). Its stdout and stderr are piped to the log.
 */
export class ScenarioProcess {
  readonly child: ChildProcess
  /** The process group: the child's pid. Undefined when it could not be started. */
  readonly pgid: number | undefined
  readonly #exited: Promise<void>
  readonly #outputEnded: Promise<void>
  readonly #startError: Promise<Error>
  // ends the group if leakwatch dies (SIGKILL included) while the child is stuck in a loop that
  // never lets it notice its IPC channel close
  readonly #watchdog: ReturnType<typeof watchGroup> | undefined
  #stderrTail = ''

  constructor(execArgv: readonly string[], log: Writable, env?: NodeJS.ProcessEnv) {
    this.child = fork(childEntry(), [LEADS_GROUP], { detached: true, execArgv: [...execArgv], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], ...(env ? { env } : {}) })
    this.pgid = this.child.pid
    if (this.pgid !== undefined) trackGroup(this.pgid)
    this.#watchdog = this.pgid === undefined ? undefined : watchGroup(this.pgid)
    // listened to at once, so that neither an early exit nor a spawn error can slip past
    this.#startError = new Promise((resolve) => this.child.on('error', resolve))
    this.#exited = new Promise((resolve) => this.child.once('exit', () => resolve()))
    const { stdout, stderr } = this.child
    this.#outputEnded = Promise.all([stdout, stderr].map((s) => (s ? new Promise((r) => s.once('close', r)) : undefined))).then(() => {})
    for (const stream of [stdout, stderr]) {
      stream?.pipe(log, { end: false })
      // if the log fails, the output is still read (and dropped), so that the child never blocks on it
      log.once('error', () => stream?.resume())
    }
    stderr?.on('data', (chunk: Buffer) => {
      this.#stderrTail = (this.#stderrTail + chunk.toString()).slice(-4000)
    })
  }

  /** The last 4 000 characters of the child's stderr, for the reason of a crash. */
  get stderrTail(): string {
    return this.#stderrTail
  }

  /** Why the process could not be started (only when `pgid` is undefined). */
  startError(): Promise<Error> {
    return this.#startError
  }

  /** The processes of the group besides the child, as `sleep (pid 1234)`: what the scenario left running. */
  others(): string[] {
    if (this.pgid === undefined) return []
    return groupMembers(this.pgid)
      .filter((m) => m.pid !== this.pgid)
      .map((m) => `${m.name} (pid ${m.pid})`)
  }

  /**
   * Ends the whole group (SIGKILL), waits for the child to exit and for the rest of the group
   * to go (each wait bounded), then stops tracking it. A group that outlives the waits stays
   * tracked, so that leakwatch's exit handler tries again.
   */
  async end(): Promise<void> {
    const pgid = this.pgid
    if (pgid === undefined) return
    try {
      killGroup(pgid)
    } catch {
      // EPERM: a member is not ours to signal; the child itself still is
    }
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
    await within(this.#exited, EXIT_WAIT_MS)
    for (const until = Date.now() + GROUP_WAIT_MS; groupMembers(pgid).length > 0 && Date.now() < until; ) await sleep(10)
    if (groupMembers(pgid).length === 0) untrackGroup(pgid)
    this.#watchdog?.release()
  }

  /**
   * Waits until the child's stdout and stderr have ended, so that the log holds everything it
   * wrote, at most `waitMs`. False when they are still open then (a process outside the group
   * holds them): they are closed, and the rest is not recorded.
   */
  async outputEnded(waitMs: number): Promise<boolean> {
    if (await within(this.#outputEnded, waitMs)) return true
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.unpipe()
      stream?.destroy()
    }
    return false
  }
}

/** True when the promise settled within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const settled = await Promise.race([promise.then(() => true), new Promise<false>((r) => (timer = setTimeout(r, ms, false)))])
  clearTimeout(timer)
  return settled
}
