import type { Sample } from '@leakwatch/contracts'
import type { LayerName } from './types.js'

/** The memory layers, in the order a verdict names them: the most specific first. */
export const MEMORY_LAYERS = ['heap', 'buffers', 'native', 'outside', 'rss'] as const
export type MemoryLayer = (typeof MEMORY_LAYERS)[number]

/**
 * The counters: a leaked process, thread, fd or timer is the most precise answer, so they are
 * named first. Processes come first: a child process left running also holds the pipes and
 * the handle it was started with, which would otherwise read as the cause.
 */
export const COUNTER_LAYERS = ['processes', 'threads', 'fds', 'resources'] as const
export type CounterLayer = (typeof COUNTER_LAYERS)[number]

/** Which layer names the cause when several grew: counters, then memory from the inside out. */
export const PRECEDENCE: readonly LayerName[] = [...COUNTER_LAYERS, ...MEMORY_LAYERS]

/**
 * A sample's value of a memory layer, or undefined where it was not measured.
 * - `buffers` is Node's `external`, which already includes `arrayBuffers`;
 * - `outside` is what RSS holds beyond the V8 heap (`heapTotal`) and malloc's bytes in use
 *   (`nativeHeap`; where malloc cannot be read, RSS beyond the V8 heap).
 */
export function memoryValue(s: Sample, layer: MemoryLayer): number | undefined {
  switch (layer) {
    case 'heap':
      return s.heapUsed
    case 'buffers':
      return s.external
    case 'native':
      return s.nativeHeap
    case 'outside':
      return s.heapTotal === undefined ? undefined : s.rss - s.heapTotal - (s.nativeHeap ?? 0)
    case 'rss':
      return s.rss
  }
}

/** The sample field of a counter. */
export const COUNTER_FIELD = { processes: 'processes', threads: 'threads', fds: 'handles', resources: 'resources' } as const
/** The sample field that breaks a counter down by type or kind. */
export const COUNTER_BREAKDOWN = { processes: undefined, threads: undefined, fds: 'fdKinds', resources: 'resourceTypes' } as const

/** How a layer is called in reasons. */
export const LAYER_LABEL: Record<LayerName, string> = {
  heap: 'JS heap',
  buffers: 'Buffers',
  native: 'Native heap (malloc)',
  outside: 'RSS outside the JS heap and malloc',
  rss: 'RSS',
  processes: 'Processes',
  threads: 'Threads',
  fds: 'Open fds',
  resources: 'Live libuv resources',
}
