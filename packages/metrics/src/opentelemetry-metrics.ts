import type { Attributes, BatchObservableCallback, Meter, Observable } from '@opentelemetry/api'
import { LAYERS, layerValue } from './_metric-table.js'
import { requirePeer } from './_peer.js'
import { type MetricsInput, type Snapshot, snapshotReader } from './metrics-source.js'

export interface OpenTelemetryMetricsOptions {
  /** Default: `metrics.getMeter('leakwatch')` of `@opentelemetry/api` (the global MeterProvider). */
  meter?: Meter
  /** Put before every instrument name. Default `'leakwatch.'`. */
  prefix?: string
  /** Attributes on every observation, e.g. `{ 'service.name': 'api' }`. */
  attributes?: Attributes
}

/** What `openTelemetryMetrics` registered. */
export interface OpenTelemetryMetrics {
  /** The instrument names, prefix included. */
  readonly names: readonly string[]
  /** Removes the batch callback (the instruments stay, unobserved) and stops listening to the monitor or sampler. */
  unregister(): void
}

type Read = (snapshot: Snapshot) => number | undefined

/**
 * Registers leakwatch's memory layers, counts and monitor state as OpenTelemetry observable
 * instruments, observed by one batch callback at each collection (one sample shared by all).
 * An unmeasured field is not observed. `@opentelemetry/api` is loaded only when no `meter` is
 * given; missing, it is a `MetricsError` (`LEAKWATCH_MISSING_PEER`).
 *
 * @example
 * const handle = openTelemetryMetrics(new MemoryMonitor().start())
 * process.on('SIGTERM', () => handle.unregister())
 */
export function openTelemetryMetrics(source: MetricsInput, options: OpenTelemetryMetricsOptions = {}): OpenTelemetryMetrics {
  const meter = options.meter ?? requirePeer<typeof import('@opentelemetry/api')>('@opentelemetry/api').metrics.getMeter('leakwatch')
  const { prefix = 'leakwatch.', attributes = {} } = options
  const reader = snapshotReader(source)
  const observed: [Observable, Read][] = []
  const names: string[] = []
  const gauge = (name: string, unit: string, description: string, read: Read) => {
    observed.push([meter.createObservableGauge(prefix + name, { unit, description }), read])
    names.push(prefix + name)
  }
  const counter = (name: string, unit: string, description: string, read: Read) => {
    observed.push([meter.createObservableCounter(prefix + name, { unit, description }), read])
    names.push(prefix + name)
  }

  for (const layer of LAYERS) gauge(layer.otel, layer.unit, layer.help, (s) => layerValue(s.sample, layer))
  counter('samples', '{sample}', 'Samples (memory readings) taken.', (s) => s.samples)
  if (reader.hasMonitor) {
    gauge('memory.growth_ratio', '1', 'Sustained memory growth over the baseline, as a ratio (0.3 = 30 %); unobserved while warming up.', (s) => s.monitor?.growthRatio)
    gauge('memory.baseline', 'By', 'The memory baseline growth is measured from; unobserved while warming up.', (s) => s.monitor?.baseline)
    gauge('memory.warning_level', '%', 'The standing memory-growth warning level; 0 when none stands.', (s) => s.monitor?.level)
    gauge('memory.warmed_up', '1', '1 once the warm-up has ended and a baseline is set, else 0.', (s) => (s.monitor?.warmedUp ? 1 : 0))
    counter('memory.warnings', '{warning}', 'Memory-growth warnings emitted.', (s) => s.monitor?.warnings)
    counter('memory.recoveries', '{recovery}', 'Memory-growth recoveries emitted.', (s) => s.monitor?.recoveries)
  }

  const callback: BatchObservableCallback = async (result) => {
    const snapshot = await reader.read()
    for (const [instrument, read] of observed) {
      const value = read(snapshot)
      if (value !== undefined) result.observe(instrument, value, attributes)
    }
  }
  const instruments = observed.map(([instrument]) => instrument)
  meter.addBatchObservableCallback(callback, instruments)
  return {
    names,
    unregister() {
      meter.removeBatchObservableCallback(callback, instruments)
      reader.close()
    },
  }
}
