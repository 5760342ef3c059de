// A CSV import endpoint offloads parsing to a piscina pool, but builds the pool inside the
// import job instead of once per process, and never calls pool.destroy(). Each import (every
// 30 requests, one per uploaded file) leaves a pool with its idle worker thread running.
import Piscina from 'piscina'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const TASK = new URL('./_import-task.mjs', import.meta.url).href
const CHUNKS_PER_FILE = 30

function csvChunk(random) {
  let csv = ''
  for (let k = 0; k < 300; k++) csv += `${pick(random, 1e6)},${(random() * 500).toFixed(2)},EUR\n`
  return csv
}

export default {
  name: 'leak-piscina-pool-per-import',
  description: 'a piscina pool built per imported file and never destroyed: +1 worker thread every 30 cycles',
  // A worker's isolate is also ~0.9 MB of malloc and 4 fds of its own event loop.
  leak: { layer: ['threads', 'fds', 'outside', 'native'], rate: '1 thread, 4 fds, ~10 MB RSS / 30 cycles' },
  where: [
    { kind: ['thread', 'heap-object', 'handle'], what: ['node', '*worker*', 'Piscina', 'MessagePort'], line: 'ctx.pool = new Piscina(', fn: 'async cycle(ctx, i)' },
    { kind: 'fd', what: ['anon_inode*', '*eventfd*', '*eventpoll*', 'pipe*'], line: 'ctx.pool = new Piscina(', fn: 'async cycle(ctx, i)' },
  ],
  cycles: 600,
  setup: () => ({ random: seededRandom(79), pool: undefined }),
  async cycle(ctx, i) {
    // the bug: a new pool per file; the previous one is dropped, not destroyed
    if (i % CHUNKS_PER_FILE === 0) ctx.pool = new Piscina({ filename: TASK, minThreads: 1, maxThreads: 1 })
    await ctx.pool.run(csvChunk(ctx.random))
    await sleep(2) // the next chunk of the upload arrives
  },
  async teardown(ctx) {
    await ctx.pool?.destroy() // the import in progress; the dropped pools live on
  },
}
