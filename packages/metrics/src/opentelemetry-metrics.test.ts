import { MemoryMonitor } from '@leakwatch/sampler'
import { metrics } from '@opentelemetry/api'
import { type GaugeMetricData, MeterProvider, MetricReader, type SumMetricData } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import { openTelemetryMetrics } from './opentelemetry-metrics.js'

const MB = 2 ** 20

/** A pull reader: `collect()` runs the callbacks and hands back what they observed. */
class TestReader extends MetricReader {
  protected override async onShutdown() {}
  protected override async onForceFlush() {}
}

/** Each instrument's name → its unit and single value (undefined when it observed none). */
async function observe(reader: MetricReader) {
  const { resourceMetrics, errors } = await reader.collect()
  expect(errors).toEqual([])
  const out = new Map<string, { unit: string; value: number | undefined; attributes: unknown }>()
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics as (GaugeMetricData | SumMetricData)[]) {
      const point = metric.dataPoints[0]
      out.set(metric.descriptor.name, { unit: metric.descriptor.unit, value: point?.value, attributes: point?.attributes })
    }
  }
  return out
}

function setup() {
  const reader = new TestReader()
  const provider = new MeterProvider({ readers: [reader] })
  return { reader, provider, meter: provider.getMeter('test') }
}

afterEach(() => {
  metrics.disable()
})

describe('openTelemetryMetrics()', () => {
  it('observes the layers of this process and the monitor state as gauges, the counts as counters', async () => {
    const { reader, meter } = setup()
    let reading = 100 * MB
    let t = 0
    const monitor = new MemoryMonitor({ warmupMs: 0, measure: () => reading, now: () => t }).on('warning', () => {})
    const handle = openTelemetryMetrics(monitor, { meter, attributes: { 'service.name': 'api' } })
    let seen = await observe(reader)
    expect(seen.get('leakwatch.memory.rss')).toMatchObject({ unit: 'By', attributes: { 'service.name': 'api' } })
    expect(seen.get('leakwatch.memory.rss')?.value).toBeGreaterThan(10 * MB)
    expect(seen.get('leakwatch.memory.heap_used')?.value).toBeGreaterThan(0)
    if (process.platform === 'linux') {
      expect(seen.get('leakwatch.threads')?.value).toBeGreaterThanOrEqual(1)
      expect(seen.get('leakwatch.open_fds')).toMatchObject({ unit: '{fd}' })
    }
    expect(seen.get('leakwatch.memory.native_heap')?.value).toBeUndefined() // not measured: not observed
    expect(seen.get('leakwatch.memory.baseline')?.value).toBe(100 * MB)
    expect(seen.get('leakwatch.memory.warmed_up')?.value).toBe(1)
    expect(seen.get('leakwatch.samples')?.value).toBe(1)

    for (let i = 0; i < 5; i++) {
      t += 60_000
      reading = 160 * MB
      monitor.check()
    }
    seen = await observe(reader)
    expect(seen.get('leakwatch.memory.growth_ratio')?.value).toBeCloseTo(0.6)
    expect(seen.get('leakwatch.memory.warning_level')).toMatchObject({ unit: '%', value: 50 })
    expect(seen.get('leakwatch.memory.warnings')?.value).toBe(1)
    expect(seen.get('leakwatch.samples')?.value).toBe(6)
    expect(handle.names).toHaveLength(16)

    handle.unregister()
    monitor.check()
    seen = await observe(reader)
    // no longer observed: a cumulative counter keeps its last total, it does not move on
    expect(seen.get('leakwatch.samples')?.value ?? 6).toBe(6)
    expect(monitor.listenerCount('warning')).toBe(1)
  })

  it('uses the global MeterProvider by default, and a prefix', async () => {
    const { reader, provider } = setup()
    metrics.setGlobalMeterProvider(provider)
    const handle = openTelemetryMetrics({ sample: () => ({ t: 0, rss: 42 * MB, threads: 2 }) }, { prefix: 'app.' })
    const seen = await observe(reader)
    expect(seen.get('app.memory.rss')?.value).toBe(42 * MB)
    expect(seen.get('app.threads')?.value).toBe(2)
    expect(seen.get('app.memory.heap_used')?.value).toBeUndefined()
    expect(seen.has('app.memory.warmed_up')).toBe(false) // no monitor
    handle.unregister()
  })
})
