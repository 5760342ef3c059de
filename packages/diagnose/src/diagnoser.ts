import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { DiagnosePart, Diagnosis, Finding } from '@leakwatch/contracts'
import { units } from '@leakwatch/grader'
import { type FdTarget, fdGrowth, readFdTargets } from './fds.js'
import { GrowthSites } from './grow-sites.js'
import { HandleTracker } from './handles.js'
import { heapObjectFinding, heldByInstruments, TOP_GROWTHS, workerHeapFindings, writeHeapSnapshot } from './heap-findings.js'
import { compareHeapSnapshots, type HeapGrowth } from './heap-snapshot/index.js'
import { Inspector } from './inspector.js'
import { nativeGrowth } from './native/index.js'
import { type Mappings, mappingGrowth, readMappings } from './maps.js'
import { rank } from './rank.js'
import { HeapSampling, heapSites } from './sampling.js'
import { readThreadNames, threadGrowth } from './threads.js'

export interface DiagnoserOptions {
  /** The instruments to use. */
  parts: readonly DiagnosePart[]
  /** A folder of its own for the heap snapshots and native profiles (removed once read). */
  dir: string
  /** The memory the heap-snapshot comparison may take, bytes. Default 512 MiB. */
  budgetBytes?: number
  /** The layers the verdict flagged, deciding one first: their kinds of finding come first. */
  layers?: readonly string[]
  /** Handle types the verdict saw grow: their creation stacks are recorded (all types but promises when none is given). */
  resourceTypes?: readonly string[]
  /** Writes a jemalloc heap profile to the path (the `native` part); false when jemalloc is not loaded. */
  nativeDump?: (path: string) => boolean
  /**
   * Heap snapshots of the process's worker threads (the `snapshot` part), written in `dir` as
   * `<name>-…`, keyed by a name that stays the same for each worker's life. Without it, the
   * JavaScript heaps of worker threads are not looked at.
   */
  workerSnapshots?: (dir: string, name: string) => Promise<Map<string, string>>
}

/** How many extra cycles the probes watch, at most, and how long. */
const PROBE_CYCLES = { min: 10, max: 300 }
const PROBE_MS = 10_000

/**
 * Finds where a scenario's leak grows, from inside its process, in a pass of its own (the
 * instruments cost time and memory, so the pass that is graded never carries them). The child
 * calls it at four points: before setup, at the baseline of the measured cycles (after a full
 * GC), at their end (after a full GC), and after teardown.
 */
export class Diagnoser {
  readonly #options: DiagnoserOptions
  readonly #parts: Set<DiagnosePart>
  readonly #notes: string[] = []
  readonly #findings: Finding[] = []
  readonly #started = performance.now()
  #inspector: Inspector | undefined
  #sampling: HeapSampling | undefined
  #handles: HandleTracker | undefined
  /** The handle tracker's mark at the baseline: what the measured cycles created came after it. */
  #handlesMark = 0
  #fds: { setup?: FdTarget[]; baseline?: FdTarget[] } = {}
  #threads: { setup?: Map<string, number>; baseline?: Map<string, number> } = {}
  #mappings: Mappings | undefined
  #snapshot: string | undefined
  #workerSnapshots = new Map<string, string>()
  #native: string | undefined
  #measureStart = 0
  #measureMs = 0
  #cycles = 0

  constructor(options: DiagnoserOptions) {
    this.#options = options
    this.#parts = new Set(options.parts)
    mkdirSync(options.dir, { recursive: true })
  }

  #has(part: DiagnosePart): boolean {
    return this.#parts.has(part)
  }

  get #inspect(): Inspector {
    this.#inspector ??= new Inspector()
    return this.#inspector
  }

  /** Before setup: what teardown must give back (handles, fds, threads). */
  beforeSetup(): void {
    if (this.#has('fds')) this.#fds.setup = readFdTargets()
    if (this.#has('threads')) this.#threads.setup = readThreadNames()
    if (this.#has('handles') || this.#has('threads')) this.#handles = this.#startHandles()
  }

  /** At the baseline of the measured cycles, after a full GC. */
  async baseline(): Promise<void> {
    if (this.#has('fds')) this.#fds.baseline = readFdTargets()
    if (this.#has('threads')) this.#threads.baseline = readThreadNames()
    this.#handlesMark = this.#handles?.mark() ?? 0
    if (this.#has('native')) this.#native = this.#dumpNative('baseline')
    if (this.#has('snapshot')) {
      this.#snapshot = await this.#takeSnapshot('baseline')
      this.#workerSnapshots = (await this.#options.workerSnapshots?.(this.#options.dir, 'baseline')) ?? new Map()
    }
    if (this.#has('sampling')) {
      this.#sampling = new HeapSampling(this.#inspect)
      await this.#sampling.start()
    }
    // last: what the snapshot and the profiler mapped for themselves is not the program's growth
    if (this.#has('maps')) this.#mappings = readMappings()
    this.#measureStart = performance.now()
  }

  /**
   * At the end of the measured cycles, after a full GC: reads every instrument, compares the
   * heap snapshots, then runs a few more cycles (`more`) with probes on what grew, to name the
   * statement that grows it.
   */
  async end(cycles: number, more: (cycles: number, maxMs: number) => Promise<void>): Promise<void> {
    this.#measureMs = performance.now() - this.#measureStart
    this.#cycles = cycles
    // the native profile and the heap snapshot first: reading the other instruments allocates
    // (mapping a stack through a source map makes Node parse that map), which would otherwise
    // show up in them as growth
    const nativeEnd = this.#native !== undefined ? this.#dumpNative('end') : undefined
    const mappingsEnd = this.#mappings !== undefined ? readMappings() : undefined
    const snapshotEnd = this.#snapshot !== undefined ? await this.#takeSnapshot('end') : undefined
    const workersEnd = this.#workerSnapshots.size > 0 ? ((await this.#options.workerSnapshots?.(this.#options.dir, 'end')) ?? new Map<string, string>()) : undefined
    const sampled = await this.#sampling?.stop()
    const sites = sampled ? heapSites(sampled, cycles) : []
    if (this.#handles) {
      this.#findings.push(...this.#handles.growth(cycles, undefined, { since: this.#handlesMark }))
      const workers = this.#handles.liveCounts().Worker ?? 0
      const unseen = workers - this.#workerSnapshots.size
      if (unseen > 0) this.note(`${unseen} worker thread${unseen === 1 ? '' : 's'} could not be asked for a heap snapshot (a worker blocked in Atomics.wait, as piscina's idle ones are, does not answer): growth inside ${unseen === 1 ? 'it' : 'them'} shows only as anonymous mmap`)
    }
    const fdsNow = this.#has('fds') ? readFdTargets() : undefined
    if (this.#fds.baseline && fdsNow) this.#findings.push(...fdGrowth(this.#fds.baseline, fdsNow, cycles))
    const threadsNow = this.#has('threads') ? readThreadNames() : undefined
    if (this.#threads.baseline && threadsNow) this.#findings.push(...threadGrowth(this.#threads.baseline, threadsNow, cycles))
    if (this.#native !== undefined && nativeEnd !== undefined) this.#findings.push(...(await nativeGrowth(this.#native, nativeEnd, cycles)))
    // after jemalloc's stacks, which say more about the same memory
    if (this.#mappings && mappingsEnd) this.#findings.push(...mappingGrowth(this.#mappings, mappingsEnd, cycles))
    if (this.#snapshot !== undefined && snapshotEnd !== undefined) await this.#compareHeaps(this.#snapshot, snapshotEnd, cycles, more)
    if (workersEnd) this.#findings.push(...(await workerHeapFindings(this.#workerSnapshots, workersEnd, cycles, this.#options.budgetBytes, (text) => this.note(text))))
    this.#findings.push(...sites)
  }

  /** After teardown: handles, fds and threads still there that were not before setup. */
  afterTeardown(): void {
    // an fd whose file teardown removed reads `… (deleted)`: the same group as before
    const key = (f: Finding) => `${f.kind}:${f.what.replace(/ \(deleted\)$/, '')}`
    const reported = new Set(this.#findings.map(key))
    const leftovers: Finding[] = []
    if (this.#handles) {
      leftovers.push(...this.#handles.growth(this.#cycles))
      this.#handles.stop()
    }
    if (this.#fds.setup) {
      const now = readFdTargets()
      if (now) leftovers.push(...fdGrowth(this.#fds.setup, now, this.#cycles))
    }
    if (this.#threads.setup) {
      const now = readThreadNames()
      if (now) leftovers.push(...threadGrowth(this.#threads.setup, now, this.#cycles))
    }
    for (const finding of leftovers) {
      if (reported.has(key(finding))) continue
      this.#findings.push({ ...finding, summary: `${finding.summary}, left after teardown` })
    }
  }

  /** Adds a note: what was not looked at, and why. */
  note(text: string): void {
    this.#notes.push(text)
  }

  /** The diagnosis so far, most likely findings first; `error` when the pass broke off. */
  result(error?: string): Diagnosis {
    this.#handles?.stop()
    this.#inspector?.close()
    this.#inspector = undefined
    rmSync(this.#options.dir, { recursive: true, force: true })
    const diagnosis: Diagnosis = {
      cycles: this.#cycles,
      durationMs: performance.now() - this.#started,
      measureMs: this.#measureMs,
      parts: [...this.#parts],
      findings: rank(this.#findings, this.#options.layers ?? []),
      notes: this.#notes,
    }
    const peak = peakRss()
    if (peak !== undefined) diagnosis.peakRss = peak
    if (error !== undefined) diagnosis.error = error
    return diagnosis
  }

  #startHandles(): HandleTracker {
    const tracker = new HandleTracker()
    const types = this.#options.resourceTypes
    tracker.start(types && types.length > 0 ? new Set([...types, ...(this.#has('threads') ? ['WORKER'] : [])]) : 'all')
    return tracker
  }

  #dumpNative(name: string): string | undefined {
    const path = join(this.#options.dir, `${name}.heap`)
    if (this.#options.nativeDump?.(path)) return path
    if (name === 'baseline') this.note('native: no jemalloc heap profile could be written (jemalloc is not loaded in the scenario\'s process)')
    return undefined
  }

  /**
   * A heap snapshot of this process, in a file. Skipped, with a note, when the heap is too big
   * for the memory budget: V8 needs a multiple of the heap to write one.
   */
  async #takeSnapshot(name: string): Promise<string | undefined> {
    const budget = this.#options.budgetBytes ?? 512 * 1024 * 1024
    const heap = process.memoryUsage().heapUsed
    if (heap * 4 > budget) {
      if (name === 'baseline') this.note(`heap snapshots skipped: a ${units.mb(heap)} heap needs about ${units.mb(heap * 4)} to compare, over the ${units.mb(budget)} budget (--diagnose-budget)`)
      return undefined
    }
    const path = join(this.#options.dir, `${name}.heapsnapshot`)
    await writeHeapSnapshot(this.#inspect, path)
    return path
  }

  async #compareHeaps(before: string, after: string, cycles: number, more: (cycles: number, maxMs: number) => Promise<void>): Promise<void> {
    let growths: HeapGrowth[]
    try {
      growths = (await compareHeapSnapshots(before, after, { cycles, budgetBytes: this.#options.budgetBytes }))
        .filter((g) => !heldByInstruments(g))
        .slice(0, TOP_GROWTHS)
    } catch (err) {
      this.note(`heap snapshots not compared: ${(err as Error).message}`)
      return
    } finally {
      rmSync(before, { force: true })
      rmSync(after, { force: true })
    }
    if (growths.length === 0) return
    const probes = new GrowthSites(this.#inspect)
    try {
      await probes.install(growths)
      await more(Math.min(PROBE_CYCLES.max, Math.max(PROBE_CYCLES.min, Math.round(cycles / 10))), PROBE_MS)
    } finally {
      await probes.remove()
    }
    for (const [i, growth] of growths.entries()) {
      const found = probes.site(i)
      this.#findings.push({ ...heapObjectFinding(growth, cycles), ...(found ? { site: found.site, stack: found.stack } : {}) })
    }
  }
}

/** The process's peak RSS (VmHWM), bytes; undefined where /proc does not tell. */
function peakRss(): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    return kb === undefined ? undefined : Number(kb) * 1024
  } catch {
    return undefined
  }
}
