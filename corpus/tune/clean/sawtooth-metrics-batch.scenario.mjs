// A metrics agent: every cycle records 400 measurement objects into the current batch, and
// every 300 cycles the batch is serialised, "shipped" and reset. The heap rises through each
// batch and falls at each flush: a sawtooth whose troughs are flat. Where a run happens to end
// inside a tooth says nothing about a leak.

export default {
  name: 'clean-sawtooth-metrics-batch',
  description: 'metrics batch of objects growing for 300 cycles, serialised and reset: a heap sawtooth',
  clean: { why: 'the batch is replaced by an empty one at every flush; troughs return to the same level' },
  cycles: 9000,
  timeoutMs: 90_000,
  warmup: 5,
  params: { perCycle: 400, flushEvery: 300 },
  setup(p) {
    return { p, batch: [], shipped: 0, bytes: 0 }
  },
  cycle(ctx, i) {
    for (let k = 0; k < ctx.p.perCycle; k++) {
      ctx.batch.push({ name: `camera.${k % 16}.fps`, value: 25 + ((i * k) % 7), at: i * 1000 + k, tags: { site: 'north', lane: k % 4 } })
    }
    if ((i + 1) % ctx.p.flushEvery === 0) {
      ctx.bytes += JSON.stringify(ctx.batch).length
      ctx.shipped++
      ctx.batch = []
    }
  },
  teardown(ctx) {
    ctx.batch = []
  },
}
