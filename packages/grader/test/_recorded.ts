import type { Sample } from '@leakwatch/contracts'
import { random } from './synthetic.mjs'

const MiB = 2 ** 20

/**
 * A scenario run as `leakwatch run` records it, at full density: the child's sample before
 * setup, the parent's samples from outside every `everyMs` (RSS with the garbage not yet
 * collected, threads, fds), the child's `checkpoints` during the measured cycles (after a full
 * GC: heap, buffers, native heap, libuv resources), its teardown checkpoint, the parent's
 * teardown samples, and the child's and the parent's samples after teardown.
 * `heap(f)` and `external(f)` are the layers at fraction f of the measured run.
 */
export function recordedRun(options: {
  samples: number
  checkpoints?: number
  everyMs?: number
  heap?: (f: number) => number
  external?: (f: number) => number
  threadsAfter?: number
  seed?: number
}): Sample[] {
  const { samples, checkpoints = 200, everyMs = 100, heap = () => 6 * MiB, external = () => 2 * MiB, threadsAfter = 11, seed = 1 } = options
  const rand = random(seed)
  const noise = (bytes: number) => (rand() * 2 - 1) * bytes
  const warmup = Math.round(samples * 0.02)
  const teardown = 20
  const measured = samples - warmup - teardown
  const every = Math.max(1, Math.floor(measured / checkpoints))
  const cycles = 1000
  const out: Sample[] = []
  const inside = (t: number, f: number, phase: Sample['phase'], threads = 13): Sample => {
    const heapUsed = heap(f) + noise(20_000)
    const ext = external(f) + noise(5_000)
    const heapTotal = heapUsed + 4 * MiB
    const nativeHeap = 6 * MiB + noise(20_000)
    const resources = phase === 'after' || phase === 'warmup' ? 3 : 5
    return { t, rss: heapTotal + ext + nativeHeap + 50 * MiB + noise(50_000), heapUsed, heapTotal, external: ext, nativeHeap, threads, handles: 28, resources, resourceTypes: { PipeWrap: 3, MessagePort: resources - 3 }, phase }
  }
  // from outside, RSS also holds garbage that grows until V8 collects it (a sawtooth of ~4 MB)
  const outside = (t: number, f: number, phase: Sample['phase'], threads = 13): Sample => {
    const garbage = ((t / 1000) % 3) * 1.3 * MiB
    return { t, rss: heap(f) + external(f) + 60 * MiB + garbage + noise(100_000), threads, handles: 28, cpu: t / 2, phase }
  }
  let t = 0
  out.push(inside(t, 0, 'warmup', 11))
  for (let i = 0; i < warmup; i++) out.push(outside((t += everyMs), 0, 'warmup'))
  for (let i = 0; i < measured; i++) {
    const f = i / (measured - 1)
    out.push(outside((t += everyMs), f, 'measure'))
    if (i % every === 0 || i === measured - 1) out.push({ ...inside(t + 1, f, 'measure'), cycle: Math.round(f * cycles) })
  }
  out.push({ ...inside((t += everyMs), 1, 'teardown'), cycle: cycles })
  for (let i = 0; i < teardown; i++) out.push(outside((t += everyMs), 1, 'teardown', i < teardown / 2 ? 13 : threadsAfter))
  out.push(inside((t += everyMs), 1, 'after', threadsAfter))
  out.push(outside(t + 1, 1, 'after', threadsAfter))
  return out
}
