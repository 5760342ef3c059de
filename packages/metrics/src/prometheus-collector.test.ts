import type { Sample } from '@leakwatch/contracts'
import { MemoryMonitor, Sampler } from '@leakwatch/sampler'
import { Registry } from 'prom-client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { prometheusCollector } from './prometheus-collector.js'

const MB = 2 ** 20

/** A monitor on injected readings (100 MB at construction, baseline at once) and a clock a minute a check. */
function fakeMonitor() {
  let t = 0
  let reading = 100 * MB
  const monitor = new MemoryMonitor({ warmupMs: 0, measure: () => reading, now: () => t })
  const feed = (...mbs: number[]) => {
    for (const mb of mbs) {
      t += 60_000
      reading = mb * MB
      monitor.check()
    }
  }
  return { monitor, feed }
}

/** `name{…} value` lines of a scrape, by name (labels dropped). */
function values(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{[^}]*\})? (\S+)$/.exec(line)
    if (m) out.set(m[1]!, Number(m[2]))
  }
  return out
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('prometheusCollector()', () => {
  it('exports the layers of this process and the monitor state, read at scrape time', async () => {
    const registry = new Registry()
    const { monitor, feed } = fakeMonitor()
    monitor.on('warning', () => {}) // a listener of our own: no process warning
    prometheusCollector(monitor, { registry })
    const first = await registry.metrics()
    expect(first).toContain('# HELP leakwatch_rss_bytes Resident set size of the process, bytes.\n# TYPE leakwatch_rss_bytes gauge\n')
    expect(first).toContain('# TYPE leakwatch_samples_total counter')
    const v = values(first)
    expect(v.get('leakwatch_rss_bytes')).toBeGreaterThan(10 * MB) // this test process, not the fake readings
    expect(v.get('leakwatch_heap_used_bytes')).toBeGreaterThan(0)
    expect(v.get('leakwatch_active_resources')).toBeGreaterThanOrEqual(0)
    if (process.platform === 'linux') {
      expect(v.get('leakwatch_threads')).toBeGreaterThanOrEqual(1)
      expect(v.get('leakwatch_open_fds')).toBeGreaterThanOrEqual(3)
    }
    expect(v.has('leakwatch_native_heap_bytes')).toBe(false) // no probe: not measured, not 0
    expect(first).toContain('# TYPE leakwatch_native_heap_bytes gauge')
    expect(v.get('leakwatch_baseline_rss_bytes')).toBe(100 * MB)
    expect(v.get('leakwatch_growth_ratio')).toBe(0)
    expect(v.get('leakwatch_warmed_up')).toBe(1)
    expect(v.get('leakwatch_warning_level')).toBe(0)
    expect(v.get('leakwatch_samples_total')).toBe(1)
    expect(v.get('leakwatch_warnings_total')).toBe(0)

    feed(145, 145, 145, 145, 145) // +45 % sustained: level 40
    let after = values(await registry.metrics())
    expect(after.get('leakwatch_samples_total')).toBe(6)
    expect(after.get('leakwatch_growth_ratio')).toBeCloseTo(0.45)
    expect(after.get('leakwatch_warning_level')).toBe(40)
    expect(after.get('leakwatch_warnings_total')).toBe(1)
    feed(100, 100, 100, 100, 100)
    after = values(await registry.metrics())
    expect(after.get('leakwatch_warning_level')).toBe(0)
    expect(after.get('leakwatch_recoveries_total')).toBe(1)
    expect(after.get('leakwatch_warnings_total')).toBe(1)
  })

  it('leaves the baseline and growth unset while warming up', async () => {
    const registry = new Registry()
    prometheusCollector(new MemoryMonitor({ warmupMs: 60_000, measure: () => 100 * MB }), { registry, labels: { pod: 'a' } })
    const text = await registry.metrics()
    expect(text).toContain('leakwatch_warnings_total{pod="a"} 0\n') // a counter's 0 is a value, labels or not
    const v = values(text)
    expect(v.get('leakwatch_warmed_up')).toBe(0)
    expect(v.has('leakwatch_baseline_rss_bytes')).toBe(false)
    expect(v.has('leakwatch_growth_ratio')).toBe(false)
  })

  it('reads a source once per scrape, leaves what it lacks unset, and adds prefix and labels', async () => {
    const registry = new Registry()
    const sample: Sample = { t: 0, rss: 50 * MB, nativeHeap: 7 * MB, threads: 4 }
    const read = vi.fn(() => sample)
    prometheusCollector({ sample: read, samples: () => 12 }, { registry, prefix: 'app_', labels: { service: 'api "v2"' } })
    const text = await registry.metrics()
    expect(read).toHaveBeenCalledTimes(1)
    expect(text).toContain(`app_rss_bytes{service="api \\"v2\\""} ${50 * MB}\n`)
    expect(text).toContain(`app_native_heap_bytes{service="api \\"v2\\""} ${7 * MB}\n`)
    expect(text).toContain('app_samples_total{service="api \\"v2\\""} 12\n')
    expect(text).not.toMatch(/app_heap_used_bytes\{/)
    const v = values(text)
    expect(v.has('app_heap_used_bytes')).toBe(false)
    expect(v.has('app_open_fds')).toBe(false)
    expect(text).not.toContain('app_warmed_up') // no monitor, no monitor state
    await registry.metrics()
    expect(read).toHaveBeenCalledTimes(2)
  })

  it('removes a value that stops being measured, and a failed read leaves the gauges unset', async () => {
    const registry = new Registry()
    let sample: Sample | undefined = { t: 0, rss: 50 * MB, threads: 3 }
    prometheusCollector({ sample: () => (sample === undefined ? Promise.reject(new Error('gone')) : sample) }, { registry })
    expect(values(await registry.metrics()).get('leakwatch_threads')).toBe(3)
    sample = undefined
    const v = values(await registry.metrics())
    expect(v.has('leakwatch_threads')).toBe(false)
    expect(v.has('leakwatch_rss_bytes')).toBe(false)
  })

  it('exports the newest sample of a Sampler and its count', async () => {
    const registry = new Registry()
    let n = 0
    const sampler = new Sampler({ intervalMs: 1000, measure: async () => ({ t: n, rss: ++n * MB }) })
    const collector = prometheusCollector(sampler, { registry })
    await sampler.sampleNow()
    await sampler.sampleNow()
    const v = values(await registry.metrics())
    expect(v.get('leakwatch_rss_bytes')).toBe(2 * MB)
    expect(v.get('leakwatch_samples_total')).toBe(2)
    collector.close()
    expect(sampler.listenerCount('sample')).toBe(0)
  })

  it('close() takes its metrics out of the registry and stops listening', async () => {
    const registry = new Registry()
    const { monitor } = fakeMonitor()
    const collector = prometheusCollector(monitor, { registry })
    expect(collector.names).toContain('leakwatch_warnings_total')
    expect(collector.names).toHaveLength(16)
    collector.close()
    expect(await registry.metrics()).toBe('\n')
    expect(monitor.listenerCount('warning')).toBe(0)
  })

  it('refuses a name already registered and leaves the registry as it was', async () => {
    const registry = new Registry()
    const { monitor } = fakeMonitor()
    prometheusCollector(monitor, { registry })
    const before = registry.getMetricsAsArray().length
    expect(() => prometheusCollector(monitor, { registry })).toThrow(/already been registered/)
    expect(registry.getMetricsAsArray()).toHaveLength(before)
    expect(monitor.listenerCount('warning')).toBe(1)
  })

  it("keeps the monitor's process warning when its own listener is the only one", () => {
    const emitted = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const { monitor, feed } = fakeMonitor()
    prometheusCollector(monitor, { registry: new Registry() })
    feed(145, 145, 145, 145, 145)
    expect(emitted).toHaveBeenCalledWith(expect.stringMatching(/^High memory growth: 45\.0%/), { code: 'LEAKWATCH_MEMORY_GROWTH' })
  })

  it('refuses something that is no source', () => {
    expect(() => prometheusCollector({} as never, { registry: new Registry() })).toThrow(
      expect.objectContaining({ code: 'LEAKWATCH_BAD_OPTION' }),
    )
  })
})
