import type { Sample } from '@leakwatch/contracts'
import { type MemoryMonitor, type MemoryWarning, type Sampler, sampleProcess } from '@leakwatch/sampler'
import { badOption } from './errors.js'

/**
 * Where the exporters read from, besides a `MemoryMonitor` or a `Sampler`: anything that can
 * hand over its newest sample at scrape time.
 */
export interface MetricsSource {
  /** The newest sample; undefined before the first (its gauges stay unset). Called at each scrape. */
  sample(): Sample | undefined | Promise<Sample | undefined>
  /** Samples taken so far, for the samples counter. */
  samples?(): number
  /** A monitor whose state (baseline, growth, warning level) and warnings to export too. */
  monitor?: MemoryMonitor
}

/** What the exporters accept: a monitor (its app's process is sampled at scrape time), a running `Sampler`, or a `MetricsSource`. */
export type MetricsInput = MemoryMonitor | Sampler | MetricsSource

/** @internal The monitor's state at a scrape. */
export interface MonitorState {
  baseline: number | undefined
  /** Sustained growth over the baseline as a ratio (0.3 = 30 %); undefined while warming up. */
  growthRatio: number | undefined
  /** The standing warning level, percent; 0 when none stands. */
  level: number
  warmedUp: boolean
  warnings: number
  recoveries: number
}

/** @internal What one scrape reads, once for every metric. */
export interface Snapshot {
  sample: Sample | undefined
  samples: number | undefined
  monitor: MonitorState | undefined
}

/** @internal */
export interface SnapshotReader {
  readonly hasMonitor: boolean
  /** One read per scrape: calls made while a read is under way (every metric's collect) share it. */
  read(): Promise<Snapshot>
  /** Removes the listeners this reader added. */
  close(): void
}

/** @internal Turns what the user passed into one reader of snapshots. */
export function snapshotReader(input: MetricsInput): SnapshotReader {
  const source = asSource(input)
  const monitor = source.monitor
  let warnings = 0
  let recoveries = 0
  const onWarning = (w: MemoryWarning) => {
    warnings++
    // Listening silences the monitor's own fallback (a process warning when nobody listens
    // for 'warning'): keep it when this listener is the only one.
    if (monitor && monitor.listenerCount('warning') === 1) process.emitWarning(w.message, { code: 'LEAKWATCH_MEMORY_GROWTH' })
  }
  const onRecovered = () => {
    recoveries++
  }
  monitor?.on('warning', onWarning).on('recovered', onRecovered)
  const close = source.close

  let pending: Promise<Snapshot> | undefined
  const take = async (): Promise<Snapshot> => {
    let sample: Sample | undefined
    try {
      sample = await source.sample()
    } catch {
      sample = undefined // a failed read leaves the gauges unset; a scrape must not fail for it
    }
    return {
      sample,
      samples: source.samples?.(),
      monitor: monitor && {
        baseline: monitor.baseline,
        growthRatio: monitor.growthPct === undefined ? undefined : monitor.growthPct / 100,
        level: monitor.level ?? 0,
        warmedUp: !monitor.warmingUp,
        warnings,
        recoveries,
      },
    }
  }
  return {
    hasMonitor: monitor !== undefined,
    read() {
      // prom-client calls every metric's collect in one synchronous pass, so they all land here
      // before the read settles; the next scrape reads afresh
      pending ??= take().finally(() => (pending = undefined))
      return pending
    },
    close() {
      monitor?.off('warning', onWarning).off('recovered', onRecovered)
      close?.()
    },
  }
}

function asSource(input: MetricsInput): MetricsSource & { close?: () => void } {
  if (isMonitor(input)) {
    const monitor = input
    // The monitor reads RSS alone; the layers come from one in-process sample per scrape
    // (process.memoryUsage and /proc/self, well under a millisecond). fdKinds are not exported.
    return { sample: () => sampleProcess(undefined, { fdKinds: false }), samples: () => monitor.readings, monitor }
  }
  if (isSampler(input)) {
    const sampler = input
    let latest: Sample | undefined
    const onSample = (s: Sample) => {
      latest = s
    }
    sampler.on('sample', onSample)
    return { sample: () => latest, samples: () => sampler.count, close: () => sampler.off('sample', onSample) }
  }
  if (input && typeof (input as MetricsSource).sample === 'function') return input
  throw badOption('expected a MemoryMonitor, a Sampler or a source with a sample() function')
}

function isMonitor(input: MetricsInput): input is MemoryMonitor {
  const m = input as Partial<MemoryMonitor>
  return typeof m.rebaseline === 'function' && typeof m.check === 'function' && typeof m.on === 'function'
}

function isSampler(input: MetricsInput): input is Sampler {
  const s = input as Partial<Sampler>
  return typeof s.sampleNow === 'function' && typeof s.on === 'function' && typeof s.count === 'number'
}
