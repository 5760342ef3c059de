// A hand-made pool of three worker_threads workers (new Worker + postMessage, round robin):
// each cycle sends six 320x240 frames, transferring their buffers, and awaits the histograms;
// each worker transfers the frame back and it returns to a frame pool (zero-copy ping-pong,
// so frames live in the main thread, whose GC frees them). Each worker's heap, scratch buffer
// and malloc arena grow to their working size in the first cycles, then stay; RSS rises by
// the three workers' share and levels off.
import { Worker } from 'node:worker_threads'

const script = new URL('../../lib/workers/resize-worker.mjs', import.meta.url)

export default {
  name: 'clean-worker-threads-pool',
  description: 'three worker_threads workers fed frames by postMessage (buffers transferred), terminated in teardown',
  clean: { why: 'the pool has three workers for its whole life; every reply settles its request; teardown terminates all three' },
  cycles: 2000,
  timeoutMs: 90_000,
  warmup: 3,
  params: { workers: 3, framesPerCycle: 6, width: 320, height: 240 },
  async setup(p) {
    const pending = new Map()
    const frames = [] // frames back from the workers, ready for reuse
    const workers = Array.from({ length: p.workers }, () => {
      const worker = new Worker(script)
      worker.on('message', ({ id, histogram, frame }) => {
        frames.push(frame)
        pending.get(id)?.(histogram)
        pending.delete(id)
      })
      return worker
    })
    await Promise.all(workers.map((w) => new Promise((ready) => w.once('online', ready))))
    return { p, workers, pending, frames, nextId: 0, dark: 0 }
  },
  async cycle(ctx, i) {
    const { width, height, framesPerCycle } = ctx.p
    const replies = []
    for (let f = 0; f < framesPerCycle; f++) {
      const frame = (ctx.frames.pop() ?? new Uint8Array(width * height)).fill((i + f * 40) & 0xff)
      const id = ctx.nextId++
      replies.push(new Promise((done) => ctx.pending.set(id, done)))
      ctx.workers[id % ctx.workers.length].postMessage({ id, frame, width, height }, [frame.buffer])
    }
    for (const histogram of await Promise.all(replies)) ctx.dark += histogram[0]
  },
  async teardown(ctx) {
    await Promise.all(ctx.workers.map((w) => w.terminate()))
    ctx.frames.length = 0
  },
}
