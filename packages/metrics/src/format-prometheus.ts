import type { Sample } from '@leakwatch/contracts'
import { LAYERS, layerValue } from './_metric-table.js'
import { badOption } from './errors.js'

/** The content type of the text exposition format, as prom-client's registry sends it. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** One metric and its values, for `formatPrometheus`. */
export interface MetricFamily {
  name: string
  help: string
  type: 'gauge' | 'counter'
  /** None: the HELP and TYPE lines alone (a gauge not measured). */
  values: readonly { labels?: Readonly<Record<string, string>>; value: number }[]
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/**
 * The Prometheus text exposition format (0.0.4) of some metric families, without prom-client:
 * the same text prom-client's `registry.metrics()` writes for the same values (families apart
 * by a blank line, HELP and TYPE first, `\`, newlines and `"` escaped). What `leakwatch watch
 * --metrics` serves; an app that has prom-client should use `prometheusCollector` instead.
 *
 * @example
 * formatPrometheus([{ name: 'leakwatch_rss_bytes', help: 'RSS, bytes.', type: 'gauge', values: [{ value: 52_428_800 }] }])
 * // '# HELP leakwatch_rss_bytes RSS, bytes.\n# TYPE leakwatch_rss_bytes gauge\nleakwatch_rss_bytes 52428800\n'
 */
export function formatPrometheus(families: readonly MetricFamily[]): string {
  if (families.length === 0) return ''
  return `${families.map(formatFamily).join('\n\n')}\n`
}

function formatFamily(family: MetricFamily): string {
  if (!METRIC_NAME.test(family.name)) throw badOption(`not a Prometheus metric name: ${JSON.stringify(family.name)}`)
  const lines = [`# HELP ${family.name} ${escape(family.help)}`, `# TYPE ${family.name} ${family.type}`]
  for (const { labels = {}, value } of family.values) {
    const pairs = Object.entries(labels).map(([name, v]) => {
      if (!LABEL_NAME.test(name) || name.startsWith('__')) throw badOption(`not a Prometheus label name: ${JSON.stringify(name)}`)
      return `${name}="${escape(v).replace(/"/g, '\\"')}"`
    })
    lines.push(`${family.name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`)
  }
  return lines.join('\n')
}

function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN' // prom-client writes 'Nan', which Prometheus does not read
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

/**
 * The gauges of one sample's memory layers and counts, named as `prometheusCollector` names
 * them (`leakwatch_rss_bytes`, …, `leakwatch_open_fds`); a field the sample lacks gets no value.
 */
export function sampleFamilies(sample: Sample | undefined, options: { prefix?: string; labels?: Record<string, string> } = {}): MetricFamily[] {
  const { prefix = 'leakwatch_', labels } = options
  return LAYERS.map((layer) => {
    const value = layerValue(sample, layer)
    return {
      name: prefix + layer.prom,
      help: layer.help,
      type: 'gauge',
      values: value === undefined ? [] : [{ ...(labels ? { labels } : {}), value }],
    }
  })
}
