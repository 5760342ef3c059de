import type { Counter, Gauge, Registry } from 'prom-client'
import { LAYERS, layerValue } from './_metric-table.js'
import { requirePeer } from './_peer.js'
import { type MetricsInput, type Snapshot, snapshotReader } from './metrics-source.js'

export interface PrometheusCollectorOptions {
  /** Where to register the metrics. Default: prom-client's global `register`. */
  registry?: Registry
  /** Put before every metric name. Default `'leakwatch_'`. */
  prefix?: string
  /** Constant labels on every metric, e.g. `{ service: 'api' }`. */
  labels?: Record<string, string>
}

/** What `prometheusCollector` registered. */
export interface PrometheusCollector {
  readonly registry: Registry
  /** The names registered, prefix included. */
  readonly names: readonly string[]
  /** Removes the metrics from the registry and stops listening to the monitor or sampler. */
  close(): void
}

type Read = (snapshot: Snapshot) => number | undefined

/**
 * Registers leakwatch's memory layers, counts and monitor state as prom-client metrics, read
 * at scrape time (prom-client's `collect` callbacks; no timer): one sample per scrape, shared
 * by every metric. A field the platform cannot measure has its HELP and TYPE lines but no value.
 * Throws a `MetricsError` (`LEAKWATCH_MISSING_PEER`) when prom-client is not installed.
 *
 * @example
 * import { register } from 'prom-client'
 * const monitor = new MemoryMonitor().start()
 * prometheusCollector(monitor, { labels: { service: 'api' } })
 * app.get('/metrics', async (_req, res) => res.type(register.contentType).send(await register.metrics()))
 */
export function prometheusCollector(source: MetricsInput, options: PrometheusCollectorOptions = {}): PrometheusCollector {
  const prom = requirePeer<typeof import('prom-client')>('prom-client')
  const { registry = prom.register, prefix = 'leakwatch_', labels = {} } = options
  const labelNames = Object.keys(labels)
  const reader = snapshotReader(source)
  const names: string[] = []

  const gauge = (name: string, help: string, read: Read) => {
    new prom.Gauge({
      name: prefix + name,
      help,
      labelNames,
      registers: [registry],
      async collect(this: Gauge) {
        const value = read(await reader.read())
        // remove, not reset: a gauge without labels resets to 0, and "not measured" is no value
        if (value === undefined) this.remove(labels)
        else this.set(labels, value)
      },
    })
    names.push(prefix + name) // after: a name taken by someone else is not ours to remove
  }
  const counter = (name: string, help: string, read: Read) => {
    let seen = 0
    new prom.Counter({
      name: prefix + name,
      help,
      labelNames,
      registers: [registry],
      async collect(this: Counter) {
        const total = read(await reader.read())
        // inc by 0 too: with labels a counter has no value until its first inc, and 0 warnings is a value
        if (total !== undefined) {
          this.inc(labels, Math.max(0, total - seen))
          seen = Math.max(seen, total)
        }
      },
    })
    names.push(prefix + name)
  }

  try {
    for (const layer of LAYERS) gauge(layer.prom, layer.help, (s) => layerValue(s.sample, layer))
    counter('samples_total', 'Samples (memory readings) taken.', (s) => s.samples)
    if (reader.hasMonitor) {
      gauge('growth_ratio', 'Sustained memory growth over the baseline, as a ratio (0.3 = 30 %); unset while warming up.', (s) => s.monitor?.growthRatio)
      gauge('baseline_rss_bytes', 'The memory baseline growth is measured from, bytes; unset while warming up.', (s) => s.monitor?.baseline)
      gauge('warning_level', 'The standing memory-growth warning level, percent; 0 when none stands.', (s) => s.monitor?.level)
      gauge('warmed_up', '1 once the warm-up has ended and a baseline is set, else 0.', (s) => (s.monitor?.warmedUp ? 1 : 0))
      counter('warnings_total', 'Memory-growth warnings emitted.', (s) => s.monitor?.warnings)
      counter('recoveries_total', 'Memory-growth recoveries emitted.', (s) => s.monitor?.recoveries)
    }
  } catch (err) {
    // e.g. a name already registered: leave the registry as it was
    for (const name of names) registry.removeSingleMetric(name)
    reader.close()
    throw err
  }

  return {
    registry,
    names,
    close() {
      for (const name of names) registry.removeSingleMetric(name)
      reader.close()
    },
  }
}
