// A job queue with back-pressure: producers enqueue upload jobs (a 1 KB descriptor string and
// a metadata object each) faster than the two consumers drain them, until the queue holds its
// cap of 20,000 jobs (during the first third of the measured run); from then on each producer
// waits for room. Memory rises to the cap's worth of jobs and stays.

class BoundedQueue {
  constructor(max) {
    this.max = max
    this.items = []
    this.head = 0
    this.waiting = []
  }
  get size() {
    return this.items.length - this.head
  }
  async push(item) {
    while (this.size >= this.max) await new Promise((room) => this.waiting.push(room))
    this.items.push(item)
  }
  shift() {
    if (this.size === 0) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined
    // compact now and then, so the array does not keep the consumed slots
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    this.waiting.shift()?.()
    return item
  }
}

export default {
  name: 'clean-bounded-job-queue',
  description: 'producer/consumer queue capped at 20,000 jobs with back-pressure; fills, then stays full',
  clean: { why: 'push waits while the queue is at its cap; consumers release every job they take' },
  cycles: 3000,
  timeoutMs: 90_000,
  warmup: 10,
  params: { max: 20_000, produce: 40, consume: 20 },
  setup(p) {
    return { p, queue: new BoundedQueue(p.max), done: 0 }
  },
  async cycle(ctx, i) {
    const { produce, consume } = ctx.p
    const pushes = []
    for (let k = 0; k < produce; k++) {
      const id = i * produce + k
      // a fixed-width id: a job's size must not step up when ids gain a digit (at 100,000)
      const descriptor = `upload:${String(id).padStart(9, '0')}:`.padEnd(1024, 'x')
      pushes.push(ctx.queue.push({ id, descriptor, meta: { camera: k % 16, bytes: 1e6 + k, retries: 0 } }))
    }
    // the consumers take their share, and at least one job per waiting producer once the
    // queue is full (else those producers would wait for good)
    const take = Math.max(consume, ctx.queue.waiting.length)
    for (let c = 0; c < take; c++) {
      const job = ctx.queue.shift()
      if (job) ctx.done += job.descriptor.length > 0 ? 1 : 0
    }
    await Promise.all(pushes)
    await new Promise((done) => setTimeout(done, 1)) // the consumers' uploads take a moment
  },
  teardown(ctx) {
    while (ctx.queue.shift() !== undefined);
  },
}
