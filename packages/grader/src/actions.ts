import type { LayerName, Pattern } from './types.js'

// What to do next, by what was found; many come from the guide's own lists.
export const ACTIONS = {
  slowLeak: [
    'Run longer to confirm the trend (a larger --scale, or a longer --duration when sampling a process)',
    'Review the cleanup code of the component under test (stop, release, close)',
  ],
  leak: [
    'Find what grows between two checkpoints: compare two heap snapshots (node --heapsnapshot-signal=SIGUSR2, or DevTools with --inspect)',
  ],
  settling: [
    'Check the memory budget: is the level it is heading for a cache or warm-up that is expected to stay?',
    'If initialisation lasts longer than the warm-up, raise the scenario\'s warm-up cycles',
  ],
  inconclusive: [
    'Give the run more cycles or time (a larger --scale, or more cycles in the scenario) so that it has at least 10 checkpoints',
  ],
} as const

const BY_LAYER: Record<LayerName, string> = {
  heap: 'The JS heap grows: compare two heap snapshots to see which objects are retained (growing arrays, maps, closures, listeners)',
  buffers: 'Buffers and ArrayBuffers grow: look for frames or Buffers kept in lists, caches or stream queues',
  native: 'Native memory (malloc) grows: look for native objects not released (video writers, cameras, cv.Mat, database statements)',
  outside: 'Memory outside the JS heap and malloc grows: worker threads that keep their heaps, thread stacks, or an addon with its own allocator or mmap',
  rss: 'RSS grows: sample the process with leakwatch run to see which layer (JS heap, buffers, native) it is',
  processes: "Kill or await every child process on stop (child.kill(), await once(child, 'exit'))",
  threads: 'Terminate every Worker on stop and await terminate(); shut thread pools down',
  fds: 'Close files, sockets and watchers on stop (fs.close, socket.destroy, watcher.close)',
  resources: 'Clear timers and intervals, close servers and sockets, remove listeners on stop',
}

const BY_PATTERN: Partial<Record<Pattern, string>> = {
  'no-gc-recovery': 'Memory survives a full GC, so something still references it: look for growing lists, maps and closures',
}

export function layerAction(layer: LayerName): string {
  return BY_LAYER[layer]
}

export function patternActions(patterns: readonly Pattern[]): string[] {
  return patterns.flatMap((p) => BY_PATTERN[p] ?? [])
}
