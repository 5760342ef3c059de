import { type AsyncHook, createHook } from 'node:async_hooks'
import type { Finding } from '@leakwatch/contracts'
import { grewWithCycles, perCycleOf, perCycleText } from './_growth.js'
import { captureStack } from './handles-capture.js'
import { handleSites, type SiteGroup } from './handles-sites.js'
import { namedIn, resourceName, trackedByDefault } from './handles-types.js'

/** Resources held with their stacks at most; those created beyond are counted without one. */
const MAX_TRACKED = 100_000
/** Distinct stack texts shared between resources (600 timers from one line hold one string). */
const MAX_SHARED_STACKS = 10_000

/** At least 3 more of a type from one site, and at least one per 20 cycles, as for fds. */
const HANDLE_FLOOR = 3
const HANDLE_EVERY = 20
/** Workers are threads: at least 2, and one per 50 cycles, as for threads. */
const WORKER_FLOOR = 2
const WORKER_EVERY = 50

interface Tracked {
  /** As `process.getActiveResourcesInfo()` names it (`TCPSocketWrap`). */
  type: string
  stack: string
  /** Order of creation among the tracked, for `mark`. */
  seq: number
}

/**
 * Records where each async resource (timer, socket, server, watcher, Worker, …) is created,
 * from inside the measured process, and forgets it when it is destroyed, so that what is left
 * after the measured cycles is what they leaked, each with the stack that created it.
 *
 * Destroy comes when a Timeout fires for the last time or is cleared (an interval never
 * cleared stays, unref'd or not), when a handle closes (a socket, a server, a watcher), when a
 * Worker exits, and for a FileHandle only when it is garbage-collected. Node delivers destroys
 * on the next turn of the event loop, so read `growth` after one (and after a full GC). The
 * hook costs a stack per tracked resource, and enabling it turns on V8's promise hooks for
 * the whole process (a cost for promise-heavy code even when promises are not tracked).
 *
 * @example
 * const tracker = new HandleTracker()
 * tracker.start(new Set(['Timeout', 'TCPSocketWrap']))
 * // … the measured cycles …
 * const findings = tracker.growth(600) // [{ kind: 'handle', what: 'Timeout', summary: 'Timeout +600 (1.0 per cycle)', site: { file: '/app/src/poller.ts', line: 42, … }, … }]
 * tracker.stop()
 */
export class HandleTracker {
  readonly #maxTracked: number
  #hook: AsyncHook | undefined
  #tracked: (asyncType: string) => boolean = () => false
  readonly #decided = new Map<string, boolean>()
  readonly #live = new Map<number, Tracked>()
  readonly #sharedStacks = new Map<string, string>()
  /** Created beyond MAX_TRACKED, by type: counted, never forgotten (their destroys cannot be told apart). */
  readonly #untraced = new Map<string, number>()
  #created = 0

  /** `maxTracked`: resources held with their stacks at most (100 000); those beyond are only counted. */
  constructor(options: { maxTracked?: number } = {}) {
    this.#maxTracked = options.maxTracked ?? MAX_TRACKED
  }

  /**
   * Starts recording resources of the given types, in either naming (`TCPWRAP` or
   * `TCPSocketWrap`), or of every type but the transient ones (see `trackedByDefault`).
   * Starting again starts afresh: destroys missed while stopped would leave stale entries.
   */
  start(types: ReadonlySet<string> | 'all' = 'all'): void {
    this.stop()
    this.#decided.clear()
    this.#live.clear()
    this.#untraced.clear()
    this.#sharedStacks.clear()
    this.#tracked = types === 'all' ? trackedByDefault : (asyncType) => namedIn(types, asyncType)
    this.#hook = createHook({ init: this.#init, destroy: this.#destroy })
    this.#hook.enable()
  }

  /** Stops recording; what was recorded stays for `growth`. */
  stop(): void {
    this.#hook?.disable()
    this.#hook = undefined
  }

  // An async_hooks callback must not throw (that ends the process) nor do async I/O or
  // console.log (that creates a resource, and calls the hook again), so it only captures a
  // stack and stores it.
  readonly #init = (asyncId: number, asyncType: string): void => {
    try {
      let tracked = this.#decided.get(asyncType)
      if (tracked === undefined) this.#decided.set(asyncType, (tracked = this.#tracked(asyncType)))
      if (!tracked) return
      const type = resourceName(asyncType)
      if (this.#live.size >= this.#maxTracked) {
        this.#untraced.set(type, (this.#untraced.get(type) ?? 0) + 1)
        return
      }
      this.#live.set(asyncId, { type, stack: this.#share(captureStack(this.#init)), seq: ++this.#created })
    } catch {
      // a broken Error.prepareStackTrace must not take the measured process down
    }
  }

  readonly #destroy = (asyncId: number): void => {
    this.#live.delete(asyncId)
  }

  #share(stack: string): string {
    const shared = this.#sharedStacks.get(stack)
    if (shared !== undefined) return shared
    if (this.#sharedStacks.size < MAX_SHARED_STACKS) this.#sharedStacks.set(stack, stack)
    return stack
  }

  /**
   * A point in the tracked span: `growth(cycles, liveTypes, { since: mark })` then reads only
   * what was created after it, so one tracker started before setup serves both the measured
   * cycles (since the baseline's mark) and what teardown left (since the start), at the cost
   * of one stack per resource instead of two.
   */
  mark(): number {
    return this.#created
  }

  /** How many resources of each type are alive among those created while tracking. */
  liveCounts(): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const { type } of this.#live.values()) counts[type] = (counts[type] ?? 0) + 1
    for (const [type, count] of this.#untraced) counts[type] = (counts[type] ?? 0) + count
    return counts
  }

  /**
   * What the tracked span left alive, largest first: per type and creation site (the first
   * frame of the user's code, see `firstUserFrame`), `Timeout +600 (1.0 per cycle), created
   * at /app/src/poller.ts:42`. A site is reported when it left at least 3 and at least one
   * per 20 cycles; a type that grew that much from many smaller sites gets one line without a
   * site. Workers are `thread` findings (`+6 Worker threads never terminated (…), started
   * at …`, at least 2 and one per 50 cycles); their MessagePorts are handle findings too.
   *
   * `liveTypes`, when given, is how much each type grew by `process.getActiveResourcesInfo()`
   * over the same span (see `activeResourceCounts`): a type that grew there by more than the
   * tracker saw (created before tracking started, or of a type not tracked) gets a finding
   * without a site, so that the verdict's numbers are never left unexplained.
   *
   * `options.since`, a `mark()`, reads only what was created after it (and leaves out those
   * counted past the tracker's limit, whose time of creation is not kept).
   */
  growth(cycles: number, liveTypes?: Readonly<Record<string, number>>, options: { since?: number } = {}): Finding[] {
    const findings: Finding[] = []
    const traced = new Map<string, number>()
    const named = new Set<string>()
    const since = options.since
    const live = since === undefined ? this.#live.values() : [...this.#live.values()].filter((entry) => entry.seq > since)
    for (const group of handleSites(live)) {
      traced.set(group.type, (traced.get(group.type) ?? 0) + group.count)
      const worker = group.type === 'Worker'
      if (!grewWithCycles(group.count, cycles, worker ? WORKER_FLOOR : HANDLE_FLOOR, worker ? WORKER_EVERY : HANDLE_EVERY)) continue
      findings.push(worker ? workerFinding(group, cycles) : handleFinding(group, cycles))
      named.add(group.type)
    }
    for (const [type, count] of traced) {
      if (!named.has(type) && type !== 'Worker' && grewWithCycles(count, cycles, HANDLE_FLOOR, HANDLE_EVERY)) {
        findings.push(siteless(type, count, cycles, 'created at many places'))
      }
    }
    for (const [type, count] of since === undefined ? this.#untraced : []) {
      traced.set(type, (traced.get(type) ?? 0) + count)
      if (grewWithCycles(count, cycles, HANDLE_FLOOR, HANDLE_EVERY)) findings.push(siteless(type, count, cycles, 'created past the tracker’s limit, without a stack'))
    }
    for (const [type, grew] of Object.entries(liveTypes ?? {})) {
      const unexplained = grew - (traced.get(type) ?? 0)
      if (grewWithCycles(unexplained, cycles, HANDLE_FLOOR, HANDLE_EVERY)) {
        findings.push(siteless(type, unexplained, cycles, 'not traced: created before tracking started, or of a type not tracked'))
      }
    }
    return findings.sort((a, b) => (b.count ?? 0) - (a.count ?? 0))
  }
}

function handleFinding(group: SiteGroup, cycles: number): Finding {
  const perCycle = perCycleOf(group.count, cycles)
  // No user frame: leakwatch's frames were all there was, or Node's alone (a connection a
  // server accepted is made by libuv, with no JavaScript on the stack).
  // the site itself is the finding's `site`, which reporters show relative to the project
  const where = group.site ? '' : group.stack.length > 0 ? ', created by leakwatch itself' : ', created by Node with no user code on the stack'
  const summary = `${group.type} +${group.count} (${perCycleText(perCycle)} per cycle)${where}`
  return located({ kind: 'handle', what: group.type, summary, count: group.count, perCycle }, group)
}

function workerFinding(group: SiteGroup, cycles: number): Finding {
  const perCycle = perCycleOf(group.count, cycles)
  const summary = `+${group.count} Worker threads never terminated (${perCycleText(perCycle)} per cycle)`
  return located({ kind: 'thread', what: 'Worker', summary, count: group.count, perCycle }, group)
}

function located(finding: Finding, group: SiteGroup): Finding {
  if (group.site) finding.site = group.site
  if (group.stack.length > 0) finding.stack = group.stack
  return finding
}

function siteless(type: string, count: number, cycles: number, why: string): Finding {
  const perCycle = perCycleOf(count, cycles)
  return { kind: 'handle', what: type, summary: `${type} +${count} (${perCycleText(perCycle)} per cycle), ${why}`, count, perCycle }
}
