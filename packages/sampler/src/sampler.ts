import { EventEmitter } from 'node:events'
import { badInterval, badOption, noSuchPid, SamplerError } from './errors.js'
import { exitedPid, processState } from './_process-state.js'
import { assertTimerFits } from './_timers.js'
import { RingBuffer } from './ring-buffer.js'
import type { Sample } from '@leakwatch/contracts'
import { defaultNow, sampleProcess, type SampleSource } from './sample-process.js'

/** A checkpoint recorded with `Sampler.mark()`. */
export interface Mark {
  t: number
  label: string
  cycle?: number
}

export interface SamplerOptions extends SampleSource {
  /** Process to watch. Default: this process. */
  pid?: number
  /** Milliseconds between samples. Default 100. */
  intervalMs?: number
  /** How many of the newest samples (and marks) to keep in memory. Default 10,000; 0 keeps none. */
  capacity?: number
  /** Receives every sample as it is taken, for example `ndjsonSink(stream)`. */
  sink?: (sample: Sample) => void
  /** Keep the event loop alive while sampling. Default false: the sampler never holds a process open. */
  ref?: boolean
  /** Takes one sample; replaceable for tests. Default `sampleProcess`. */
  measure?: (pid: number | undefined, source: SampleSource) => Promise<Sample>
}

export interface SamplerEvents {
  sample: [sample: Sample]
  mark: [mark: Mark]
  /** The watched process is gone; sampling stopped and everything taken is kept. */
  exit: [info: { pid: number; t: number }]
  error: [error: Error]
}

/**
 * Samples a process on an interval, keeps the newest samples in a bounded buffer,
 * streams every one to an optional sink, and tells when the process exits.
 *
 * @example
 * const sampler = new Sampler({ pid: child.pid, intervalMs: 100 })
 * sampler.on('sample', (s) => console.log(s.rss))
 * sampler.start()
 * await once(sampler, 'exit')
 */
export class Sampler extends EventEmitter<SamplerEvents> {
  readonly pid: number | undefined
  readonly intervalMs: number
  #source: SampleSource
  #sink: ((sample: Sample) => void) | undefined
  #measure: NonNullable<SamplerOptions['measure']>
  #ref: boolean
  #samples: RingBuffer<Sample>
  #marks: RingBuffer<Mark>
  #timer: NodeJS.Timeout | undefined
  #inflight: Promise<Sample | undefined> | undefined
  #count = 0
  #exited = false

  constructor(options: SamplerOptions = {}) {
    super()
    const { pid, intervalMs = 100, capacity = 10_000, sink, ref = false, measure = sampleProcess, ...source } = options
    if (!(Number.isSafeInteger(intervalMs) && intervalMs >= 1)) throw badInterval(intervalMs)
    assertTimerFits(intervalMs, 'interval') // else it samples every 1 ms
    if (!(Number.isSafeInteger(capacity) && capacity >= 0)) {
      throw badOption(`capacity must be a whole number ≥ 0, got ${String(capacity)}`)
    }
    if (pid !== undefined && !(Number.isSafeInteger(pid) && pid > 0)) {
      throw badOption(`pid must be a positive whole number, got ${String(pid)}`)
    }
    this.pid = pid
    this.intervalMs = intervalMs
    this.#source = source
    this.#sink = sink
    this.#measure = measure
    this.#ref = ref
    this.#samples = new RingBuffer(capacity)
    this.#marks = new RingBuffer(capacity)
  }

  /** True between `start()` and `stop()` (or the watched process's exit). */
  get running(): boolean {
    return this.#timer !== undefined
  }

  /** True once the watched process has exited. */
  get exited(): boolean {
    return this.#exited
  }

  /** Samples taken so far, including those the buffer no longer holds. */
  get count(): number {
    return this.#count
  }

  /** The samples still in the buffer, oldest first. */
  get samples(): Sample[] {
    return this.#samples.toArray()
  }

  /** The marks still in the buffer, oldest first. */
  get marks(): Mark[] {
    return this.#marks.toArray()
  }

  /**
   * Starts sampling; `t` of every sample counts from now, or from the `origin` option when
   * given. Throws a SamplerError when the pid does not exist.
   */
  start(): this {
    if (this.#timer) return this
    if (this.pid !== undefined) assertAlive(this.pid, this.#source.procRoot)
    this.#source = { ...this.#source, origin: this.#source.origin ?? this.#now() }
    this.#timer = setInterval(() => void this.sampleNow(), this.intervalMs)
    if (!this.#ref) this.#timer.unref()
    void this.sampleNow()
    return this
  }

  /** Stops sampling. What was taken stays readable. */
  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  /**
   * Takes one sample now, outside the interval. Resolves to undefined once the process
   * is gone. A plain call while a sample is being taken shares that sample; a tagged call
   * (a checkpoint) waits for it and then takes its own.
   */
  async sampleNow(extra?: Pick<Sample, 'cycle' | 'phase'>): Promise<Sample | undefined> {
    if (this.#inflight) {
      if (!extra) return this.#inflight
      await this.#inflight
    }
    if (this.#exited) return undefined
    const taking = this.#take(extra)
    this.#inflight = taking
    try {
      return await taking
    } finally {
      if (this.#inflight === taking) this.#inflight = undefined
    }
  }

  async #take(extra: Pick<Sample, 'cycle' | 'phase'> | undefined): Promise<Sample | undefined> {
    try {
      const sample = await this.#measure(this.pid, this.#source)
      if (extra) Object.assign(sample, extra)
      this.#record(sample)
      return sample
    } catch (err) {
      this.#fail(err)
      return undefined
    }
  }

  /** Records a checkpoint and takes a sample tagged with its cycle. */
  async mark(label: string, cycle?: number): Promise<Mark> {
    const mark: Mark = { t: this.#now() - (this.#source.origin ?? 0), label }
    if (cycle !== undefined) mark.cycle = cycle
    this.#marks.push(mark)
    this.emit('mark', mark)
    await this.sampleNow(cycle === undefined ? undefined : { cycle })
    return mark
  }

  #now(): number {
    return (this.#source.now ?? defaultNow)()
  }

  #record(sample: Sample): void {
    this.#count++
    this.#samples.push(sample)
    this.#sink?.(sample)
    this.emit('sample', sample)
  }

  #fail(err: unknown): void {
    if (this.#exited) return
    if (err instanceof SamplerError && err.code === 'LEAKWATCH_NO_SUCH_PID' && this.pid !== undefined) {
      this.#exited = true
      this.stop()
      this.emit('exit', { pid: this.pid, t: this.#now() - (this.#source.origin ?? 0) })
      return
    }
    this.stop()
    this.emit('error', err instanceof Error ? err : new Error(String(err)))
  }
}

// A zombie is not alive: kill(pid, 0) finds it, but it has exited and will never run again
function assertAlive(pid: number, procRoot: string | undefined): void {
  const state = processState(pid, procRoot)
  if (state === 'gone') throw noSuchPid(pid)
  if (state === 'zombie') throw exitedPid(pid)
}
