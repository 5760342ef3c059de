import { Counter, Gauge, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { formatPrometheus, type MetricFamily, sampleFamilies } from './format-prometheus.js'

/** What prom-client's own registry writes for the same families. */
async function promClientText(families: MetricFamily[]): Promise<string> {
  const registry = new Registry()
  for (const family of families) {
    const labelNames = [...new Set(family.values.flatMap((v) => Object.keys(v.labels ?? {})))]
    // a family without values gets a label name, else prom-client writes a default 0
    const options = { name: family.name, help: family.help, labelNames: family.values.length ? labelNames : ['none'], registers: [registry] }
    if (family.type === 'counter') {
      const counter = new Counter(options)
      for (const { labels = {}, value } of family.values) counter.inc(labels, value)
    } else {
      const gauge = new Gauge(options)
      for (const { labels = {}, value } of family.values) gauge.set(labels, value)
    }
  }
  return registry.metrics()
}

describe('formatPrometheus()', () => {
  it.each<[string, MetricFamily[]]>([
    ['one gauge without labels', [{ name: 'leakwatch_rss_bytes', help: 'RSS, bytes.', type: 'gauge', values: [{ value: 52_428_800 }] }]],
    [
      'labels, escapes and several families',
      [
        { name: 'leakwatch_watch_verdict', help: 'Verdict: 0 pass, 1 warn, 2 fail.\nA second line \\ with a backslash', type: 'gauge', values: [{ labels: { status: 'warn', target: 'node "server.js"\n\\x' }, value: 1 }] },
        { name: 'leakwatch_samples_total', help: 'Samples.', type: 'counter', values: [{ value: 12 }] },
        { name: 'leakwatch_growth_ratio', help: 'Growth.', type: 'gauge', values: [{ labels: { a: '1' }, value: 0.125 }, { labels: { a: '2' }, value: -3.5 }] },
      ],
    ],
    ['large, tiny and infinite values', [{ name: 'x', help: 'h', type: 'gauge', values: [{ labels: { k: 'big' }, value: 2 ** 53 }, { labels: { k: 'tiny' }, value: 1e-7 }, { labels: { k: 'inf' }, value: Infinity }, { labels: { k: 'ninf' }, value: -Infinity }] }]],
    ['a gauge with no value (not measured)', [{ name: 'leakwatch_native_heap_bytes', help: 'Native heap.', type: 'gauge', values: [] }]],
  ])('writes what prom-client writes: %s', async (_name, families) => {
    expect(formatPrometheus(families)).toBe(await promClientText(families))
  })

  it('writes NaN as Prometheus reads it, and nothing for no families', () => {
    expect(formatPrometheus([{ name: 'x', help: 'h', type: 'gauge', values: [{ value: NaN }] }])).toBe('# HELP x h\n# TYPE x gauge\nx NaN\n')
    expect(formatPrometheus([])).toBe('')
  })

  it('refuses names Prometheus cannot read', () => {
    expect(() => formatPrometheus([{ name: 'leakwatch.rss', help: 'h', type: 'gauge', values: [] }])).toThrow(/not a Prometheus metric name: "leakwatch.rss"/)
    expect(() => formatPrometheus([{ name: 'x', help: 'h', type: 'gauge', values: [{ labels: { 'a-b': '1' }, value: 1 }] }])).toThrow(/not a Prometheus label name/)
  })
})

describe('sampleFamilies()', () => {
  it("names a sample's layers as the collector does, with no value for what it lacks", () => {
    const families = sampleFamilies({ t: 0, rss: 100, threads: 3, handles: 9 }, { labels: { pid: '42' } })
    expect(families.map((f) => f.name)).toEqual([
      'leakwatch_rss_bytes',
      'leakwatch_heap_used_bytes',
      'leakwatch_heap_total_bytes',
      'leakwatch_external_bytes',
      'leakwatch_array_buffers_bytes',
      'leakwatch_native_heap_bytes',
      'leakwatch_threads',
      'leakwatch_open_fds',
      'leakwatch_active_resources',
    ])
    expect(families[0]!.values).toEqual([{ labels: { pid: '42' }, value: 100 }])
    expect(families[1]!.values).toEqual([])
    expect(families[7]!.values).toEqual([{ labels: { pid: '42' }, value: 9 }])
    expect(sampleFamilies(undefined).every((f) => f.values.length === 0)).toBe(true)
  })
})
