// A telemetry client batches events and ships a batch every 50 events, then starts a fresh
// batch: memory rises and falls in teeth. Events the collector rejects (about one in five) are
// kept "to retry later" in a per-batch list that no retry ever drains, so each tooth's trough
// sits ~50 KB above the previous one (~1 KB/cycle on average).
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const BATCH = 50
const toRetry = [] // the leak: one array of rejected events per shipped batch

function makeEvent(random, i) {
  return {
    seq: i, type: ['click', 'view', 'scroll', 'purchase'][pick(random, 4)], at: Date.now(),
    props: Object.fromEntries(Array.from({ length: 150 }, (_, k) => [`p${k}`, `${k}:${pick(random, 1e8).toString(36)}`])),
  }
}

/** The collector accepts most events; the rest come back rejected. */
function ship(batch, random) {
  return batch.filter(() => random() < 0.2)
}

export default {
  name: 'leak-telemetry-batch-sawtooth',
  description: 'a batching telemetry client: batches reset every 50 events (a sawtooth) but rejected events pile up',
  leak: { layer: 'heap', rate: '1 KB/cycle, in steps of ~50 KB per batch (troughs rise)' },
  where: {
    kind: ['heap-object', 'heap-site'], what: ['Array', 'Object'],
    line: ['toRetry.push(ship(ctx.batch, ctx.random))', 'return batch.filter(', 'return {', 'props: Object.fromEntries('],
    fn: ['function ship(batch, random)', 'async cycle(ctx, i)', 'function makeEvent(random, i)'],
  },
  cycles: 3000,
  setup: () => ({ random: seededRandom(67), batch: [] }),
  async cycle(ctx, i) {
    ctx.batch.push(makeEvent(ctx.random, i))
    if (ctx.batch.length === BATCH) {
      toRetry.push(ship(ctx.batch, ctx.random))
      ctx.batch = []
    }
    await sleep(1) // the next event
  },
}
