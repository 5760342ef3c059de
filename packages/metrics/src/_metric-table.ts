import type { Sample } from '@leakwatch/contracts'

/** One measured field of a sample, with its name in each exporter. */
export interface LayerMetric {
  field: 'rss' | 'heapUsed' | 'heapTotal' | 'external' | 'arrayBuffers' | 'nativeHeap' | 'threads' | 'handles' | 'resources'
  /** Prometheus name after the prefix. */
  prom: string
  /** OpenTelemetry name after the prefix. */
  otel: string
  /** UCUM unit for OpenTelemetry. */
  unit: string
  help: string
}

/** The sample's fields exported by both exporters, in the order they appear. */
export const LAYERS: readonly LayerMetric[] = [
  { field: 'rss', prom: 'rss_bytes', otel: 'memory.rss', unit: 'By', help: 'Resident set size of the process, bytes.' },
  { field: 'heapUsed', prom: 'heap_used_bytes', otel: 'memory.heap_used', unit: 'By', help: 'V8 heap in use, bytes.' },
  { field: 'heapTotal', prom: 'heap_total_bytes', otel: 'memory.heap_total', unit: 'By', help: 'V8 heap reserved, bytes.' },
  { field: 'external', prom: 'external_bytes', otel: 'memory.external', unit: 'By', help: 'Memory of C++ objects bound to JavaScript objects, bytes.' },
  { field: 'arrayBuffers', prom: 'array_buffers_bytes', otel: 'memory.array_buffers', unit: 'By', help: 'ArrayBuffer and SharedArrayBuffer backing stores, bytes.' },
  { field: 'nativeHeap', prom: 'native_heap_bytes', otel: 'memory.native_heap', unit: 'By', help: 'Bytes malloc has in use (native probe), bytes.' },
  { field: 'threads', prom: 'threads', otel: 'threads', unit: '{thread}', help: 'OS threads of the process.' },
  { field: 'handles', prom: 'open_fds', otel: 'open_fds', unit: '{fd}', help: 'Open file descriptors of the process.' },
  { field: 'resources', prom: 'active_resources', otel: 'active_resources', unit: '{resource}', help: 'Live libuv resources (timers, sockets, handles) of the process.' },
]

/** A field's value, or undefined when the platform could not measure it (never 0 for that). */
export function layerValue(sample: Sample | undefined, layer: LayerMetric): number | undefined {
  const value = sample?.[layer.field]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}
