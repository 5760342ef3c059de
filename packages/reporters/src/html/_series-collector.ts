import type { Phase, Sample } from '@leakwatch/contracts'
import { Decimator } from './_decimator.js'

/** A line of the chart: a sample field (or RSS outside the heap and malloc), on the MiB or the count axis. */
export interface ChartLayer {
  key: string
  label: string
  axis: 'bytes' | 'count'
  color: string
  value: (s: Sample) => number | undefined
}

export const CHART_LAYERS: readonly ChartLayer[] = [
  { key: 'rss', label: 'RSS', axis: 'bytes', color: '#1f77b4', value: (s) => s.rss },
  { key: 'heapUsed', label: 'JS heap used', axis: 'bytes', color: '#d62728', value: (s) => s.heapUsed },
  { key: 'heapTotal', label: 'JS heap total', axis: 'bytes', color: '#ff9896', value: (s) => s.heapTotal },
  { key: 'external', label: 'External (Buffers)', axis: 'bytes', color: '#2ca02c', value: (s) => s.external },
  { key: 'arrayBuffers', label: 'Array buffers', axis: 'bytes', color: '#98df8a', value: (s) => s.arrayBuffers },
  { key: 'nativeHeap', label: 'Native heap (malloc)', axis: 'bytes', color: '#9467bd', value: (s) => s.nativeHeap },
  {
    key: 'outside',
    label: 'RSS outside the JS heap and malloc',
    axis: 'bytes',
    color: '#8c564b',
    value: (s) => (s.heapTotal === undefined ? undefined : s.rss - s.heapTotal - (s.nativeHeap ?? 0)),
  },
  { key: 'threads', label: 'Threads', axis: 'count', color: '#e377c2', value: (s) => s.threads },
  { key: 'handles', label: 'Open fds', axis: 'count', color: '#7f7f7f', value: (s) => s.handles },
  { key: 'resources', label: 'Live libuv resources', axis: 'count', color: '#bcbd22', value: (s) => s.resources },
  { key: 'processes', label: 'Processes', axis: 'count', color: '#17becf', value: (s) => s.processes },
]

/** The chart key of each verdict layer. */
export const LAYER_KEY: Record<string, string> = {
  heap: 'heapUsed',
  buffers: 'external',
  native: 'nativeHeap',
  outside: 'outside',
  rss: 'rss',
  threads: 'threads',
  fds: 'handles',
  resources: 'resources',
  processes: 'processes',
}

const MAX_MARKS = 4096

/** A checkpoint: t (ms), its cycle, and whether it is in the measured part. */
export interface Mark {
  t: number
  cycle: number
  measure: boolean
}

/**
 * What the chart of one scenario needs from its samples, gathered in one pass in bounded
 * memory: each layer decimated as it streams (see Decimator), the time each phase began and
 * ended, and the checkpoints (thinned to every other one past 4096).
 */
export class SeriesCollector {
  readonly layers = new Map<string, Decimator>()
  readonly phases = new Map<Phase, { from: number; to: number }>()
  marks: Mark[] = []
  /** The measured checkpoints: how many, the first and the last (kept whatever the thinning). */
  readonly measured: { count: number; first?: Mark; last?: Mark } = { count: 0 }
  #markStride = 1
  #markSeen = 0
  first: number | undefined
  last: number | undefined
  count = 0
  readonly #wanted: readonly ChartLayer[]

  constructor(wanted: readonly ChartLayer[] = CHART_LAYERS) {
    this.#wanted = wanted
  }

  add(s: Sample): void {
    if (typeof s.t !== 'number' || !Number.isFinite(s.t)) return
    this.count++
    this.first = this.first === undefined ? s.t : Math.min(this.first, s.t)
    this.last = this.last === undefined ? s.t : Math.max(this.last, s.t)
    for (const layer of this.#wanted) {
      const v = layer.value(s)
      if (typeof v !== 'number' || !Number.isFinite(v)) continue
      let d = this.layers.get(layer.key)
      if (!d) this.layers.set(layer.key, (d = new Decimator()))
      d.push(s.t, v)
    }
    if (s.phase !== undefined) {
      const p = this.phases.get(s.phase)
      if (p) {
        p.from = Math.min(p.from, s.t)
        p.to = Math.max(p.to, s.t)
      } else this.phases.set(s.phase, { from: s.t, to: s.t })
    }
    if (typeof s.cycle === 'number') this.#mark(s)
  }

  #mark(s: Sample): void {
    const measure = s.phase === 'measure' || s.phase === undefined
    if (measure) {
      const mark = { t: s.t, cycle: s.cycle as number, measure }
      this.measured.count++
      this.measured.first ??= mark
      this.measured.last = mark
    }
    // past the cap, every other one: enough to draw ticks and to place a cycle in time
    if (this.#markSeen++ % this.#markStride !== 0) return
    this.marks.push({ t: s.t, cycle: s.cycle as number, measure })
    if (this.marks.length > MAX_MARKS) {
      this.marks = this.marks.filter((_, i) => i % 2 === 0)
      this.#markStride *= 2
    }
  }
}
