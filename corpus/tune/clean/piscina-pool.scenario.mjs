// A piscina pool of two worker threads summarising telemetry batches, four tasks in flight
// per cycle. The workers' heaps (and their malloc arenas) grow to their working size during
// the first cycles and then stay: RSS rises by ~45 MB, no layer keeps rising. The pool sets
// resourceLimits, as production pools do: leakwatch's forced GC reaches only the main thread,
// and a worker with V8's default young generation collects so rarely that the native memory
// its garbage holds (hash contexts, message buffers) climbs for thousands of tasks first.
import { Piscina } from 'piscina'
import { seededRandom, pick } from '../../lib/random.mjs'

const task = new URL('../../lib/workers/piscina-task.mjs', import.meta.url).href

function makeBatch(random, n) {
  const records = []
  for (let k = 0; k < n; k++) records.push({ id: `dev-${pick(random, 5000)}-${k}`, value: random() * 1000, tags: ['a', 'b', String(k % 7)] })
  return JSON.stringify(records)
}

export default {
  name: 'clean-piscina-pool',
  description: 'piscina pool (2 threads) parsing, sorting and hashing JSON batches',
  clean: { why: 'the pool has a fixed size; results are dropped after each cycle; destroy() ends both threads' },
  cycles: 280,
  timeoutMs: 90_000,
  warmup: 3,
  params: { threads: 2, tasksPerCycle: 4, records: 2000 },
  setup(p) {
    const pool = new Piscina({
      filename: task,
      minThreads: p.threads,
      maxThreads: p.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
    })
    return { p, pool, random: seededRandom(7), seen: 0 }
  },
  async cycle(ctx) {
    const { tasksPerCycle, records } = ctx.p
    const jobs = []
    for (let t = 0; t < tasksPerCycle; t++) jobs.push(ctx.pool.run({ json: makeBatch(ctx.random, records), top: 5 }))
    for (const r of await Promise.all(jobs)) ctx.seen += r.count
  },
  async teardown(ctx) {
    await ctx.pool.destroy()
  },
}
