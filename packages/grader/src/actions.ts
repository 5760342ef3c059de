import type { Metric, Pattern } from './types.js'

// What to do next, by what was found; most come from the guide's own lists.
export const ACTIONS = {
  slowLeak: [
    'Review the cleanup code of the component under test (stop, release, close)',
    'Check for unreleased video writers and cameras',
    'Verify frame references are released, not kept in lists or closures',
    'Run an extended test (twice the cycles or duration, e.g. --scale 2.5) to confirm the trend',
  ],
  leak: [
    'Check that every worker and thread pool is shut down on stop',
    'Verify all threads are joined (await worker.terminate())',
    'Review frame buffer cleanup',
    'Find the leak source with a memory profiler: compare two heap snapshots (node --heapsnapshot-signal=SIGUSR2, or DevTools with --inspect)',
  ],
  stabilized: [
    'Check the memory budget: is the plateau a cache or warm-up that is expected to stay?',
    'Bound caches (an LRU with a size limit) and clear long-lived collections',
    'If initialisation lasts longer than the warm-up, raise the warm-up cycles',
  ],
} as const

const BY_PATTERN: Partial<Record<Pattern, readonly string[]>> = {
  'thread-leak': ['Terminate every Worker on stop and await terminate(); shut thread pools down'],
  'handle-leak': ['Close files, sockets and watchers on stop; clear timers and remove listeners'],
  'no-gc-recovery': ['Memory survives a full GC, so something still references it: look for growing lists, maps and closures'],
}

const BY_LAYER: Partial<Record<Metric, string>> = {
  heapUsed: 'The JS heap grows: compare two heap snapshots to see which objects are retained',
  external: 'Buffers and ArrayBuffers grow: look for frames or Buffers kept in lists or caches',
  nativeHeap: 'Native memory grows: look for native objects not released (video writers, cameras, cv.Mat)',
}

export function patternActions(patterns: readonly Pattern[]): string[] {
  return patterns.flatMap((p) => BY_PATTERN[p] ?? [])
}

export function layerAction(metric: Metric): string[] {
  const action = BY_LAYER[metric]
  return action ? [action] : []
}
