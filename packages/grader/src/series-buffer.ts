import type { Sample } from '@leakwatch/contracts'
import { GraderError } from './errors.js'

export interface SeriesBufferOptions {
  /** Samples without a cycle number kept at most, over all phases. Default 4,000. */
  maxSamples?: number
  /** Checkpoints (samples with a cycle number) kept at most. Default 4,096. */
  maxCheckpoints?: number
}

/** Samples where the phase changes that are kept whatever the decimation (a series has a handful). */
const MAX_BOUNDARIES = 64
/**
 * Per kind, lanes (one per phase and source: at most 10) hold up to 3 entries each that
 * decimation cannot drop (first, open group's lowest and latest): a smaller cap would not bound.
 */
const MIN_CAPACITY = 64

/**
 * One phase's samples of one kind (checkpoints, or the samples between them) from one source
 * (the process itself, or a sampler outside it), decimated into
 * groups of `k` consecutive samples of which the lowest RSS is kept (the trough, which the
 * grader's block minima read). The lane's first sample and its latest are always kept.
 */
interface Lane {
  checkpoint: boolean
  /** Raw samples per group: doubles each time the lane is compacted. */
  k: number
  first?: Sample
  /** The open group: how many raw samples it holds, its lowest so far, and its latest. */
  size: number
  low?: Sample
  latest?: Sample
  /** Closed groups' minima in the kept series, in order. */
  closed: Sample[]
}

/**
 * A series of bounded size that grades as the whole one: it takes samples one at a time, as
 * they arrive or as a file is read, and keeps
 * - every checkpoint (a sample with `cycle`; a run has 50 to a few hundred), thinned past
 *   `maxCheckpoints` to the lowest RSS of each pair;
 * - every sample whose phase differs from the one before (phase boundaries), and the first
 *   and the latest sample of each phase and kind (the counters are judged on the first sample
 *   and on the last one after teardown; the headline on the first and last checkpoint);
 * - of the other samples at most `maxSamples`, evenly over time: each kept one is the lowest
 *   RSS of a group of consecutive samples, and the groups double in length whenever the bound
 *   is reached, so memory sampled from outside keeps its troughs.
 *
 * `samples` is one live array, kept in arrival order: hand it to `gradeSeries` at any time.
 * It never holds more than `bound` samples, so a day-long run costs a few MB, not GB.
 *
 * @example
 * const series = new SeriesBuffer()
 * for await (const sample of readSamples('samples.ndjson')) series.push(sample)
 * const verdict = gradeSeries(series.samples)
 */
export class SeriesBuffer {
  /** The kept samples, in the order they came: the same array for the buffer's life. */
  readonly samples: readonly Sample[]
  /** The most `samples` can ever hold. */
  readonly bound: number
  readonly #kept: Sample[] = []
  readonly #caps: { checkpoint: number; sample: number }
  readonly #counts = { checkpoint: 0, sample: 0 }
  readonly #lanes = new Map<string, Lane>()
  #boundaries = 0
  #previous: Sample | undefined
  #seen = 0

  constructor({ maxSamples = 4000, maxCheckpoints = 4096 }: SeriesBufferOptions = {}) {
    for (const [name, value] of [['maxSamples', maxSamples], ['maxCheckpoints', maxCheckpoints]] as const) {
      if (!(Number.isInteger(value) && value >= MIN_CAPACITY)) {
        throw new GraderError('LEAKWATCH_BAD_SERIES', `${name} must be a whole number of at least ${MIN_CAPACITY}, got ${value}`)
      }
    }
    this.#caps = { checkpoint: maxCheckpoints, sample: maxSamples }
    this.bound = maxSamples + maxCheckpoints + MAX_BOUNDARIES
    this.samples = this.#kept
  }

  /** How many samples were pushed in all. */
  get seen(): number {
    return this.#seen
  }

  push(sample: Sample): void {
    this.#seen++
    const boundary = this.#previous !== undefined && sample.phase !== this.#previous.phase && this.#boundaries < MAX_BOUNDARIES
    this.#previous = sample
    const lane = this.#lane(sample)
    const kind = lane.checkpoint ? 'checkpoint' : 'sample'
    if (lane.first === undefined || boundary) {
      // kept for good, outside the lane's groups; it is the lane's latest sample for now
      if (lane.first === undefined) {
        lane.first = sample
        this.#counts[kind]++
      } else {
        this.#boundaries++
      }
      this.#dropLatest(lane)
      this.#kept.push(sample)
      return
    }
    this.#dropLatest(lane)
    if (lane.low === undefined || lane.size >= lane.k) {
      if (lane.low !== undefined) lane.closed.push(lane.low)
      lane.low = sample
      lane.size = 1
      this.#counts[kind]++
    } else {
      lane.size++
      if (sample.rss < lane.low.rss) {
        this.#remove(lane.low)
        lane.low = sample
      } else {
        lane.latest = sample
        this.#counts[kind]++
      }
    }
    this.#kept.push(sample)
    while (this.#counts[kind] > this.#caps[kind] && this.#compactLargest(lane.checkpoint)) {
      // each pass halves the closed groups of the fullest lane of this kind
    }
  }

  #lane(sample: Sample): Lane {
    const checkpoint = sample.cycle !== undefined
    // the process's own samples (heap, libuv resources) and those taken from outside it are
    // apart: the grader reads the last of each kind after teardown
    const inside = sample.heapUsed !== undefined || sample.resources !== undefined || sample.processes !== undefined
    const key = `${checkpoint ? 'c' : 's'}${inside ? 'i' : 'o'}:${sample.phase ?? ''}`
    let lane = this.#lanes.get(key)
    if (!lane) {
      lane = { checkpoint, k: 1, size: 0, closed: [] }
      this.#lanes.set(key, lane)
    }
    return lane
  }

  /** The open group's latest sample is kept only until a later one comes. */
  #dropLatest(lane: Lane): void {
    if (lane.latest === undefined) return
    this.#remove(lane.latest)
    lane.latest = undefined
    this.#counts[lane.checkpoint ? 'checkpoint' : 'sample']--
  }

  /** Removes a kept sample; it is near the end (its group is the open one), so this is quick. */
  #remove(sample: Sample): void {
    const i = this.#kept.lastIndexOf(sample)
    if (i >= 0) this.#kept.splice(i, 1)
  }

  /** Merges the closed groups of the fullest lane of a kind pairwise, keeping each pair's lowest RSS. */
  #compactLargest(checkpoint: boolean): boolean {
    let fullest: Lane | undefined
    for (const lane of this.#lanes.values()) {
      if (lane.checkpoint === checkpoint && lane.closed.length >= 2 && lane.closed.length > (fullest?.closed.length ?? 0)) fullest = lane
    }
    if (!fullest) return false
    const dropped = new Set<Sample>()
    const kept: Sample[] = []
    const closed = fullest.closed
    for (let i = 0; i < closed.length; i += 2) {
      const a = closed[i] as Sample
      const b = closed[i + 1] ?? a
      const [low, high] = b.rss < a.rss ? [b, a] : [a, b]
      kept.push(low)
      if (high !== low) dropped.add(high)
    }
    fullest.closed = kept
    fullest.k *= 2
    this.#counts[checkpoint ? 'checkpoint' : 'sample'] -= dropped.size
    let w = 0
    for (const s of this.#kept) if (!dropped.has(s)) this.#kept[w++] = s
    this.#kept.length = w
    return true
  }
}
