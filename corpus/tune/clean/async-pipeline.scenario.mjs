// An ingest pipeline built from async generators: records are produced by a generator, mapped
// through awaited lookups, filtered, batched, and written with bounded concurrency
// (Promise.all over chunks of eight), with an AbortController per batch. A lookup cache of
// device metadata fills over the first third of the run (3,000 devices), then only hits.
import { setImmediate as nextTurn } from 'node:timers/promises'

async function* produce(i, n) {
  for (let k = 0; k < n; k++) {
    if (k % 50 === 0) await nextTurn() // records arrive in packets
    yield { seq: i * n + k, device: (i * 7 + k) % Math.min(3000, 20 + i * 7), reading: (k * 31) % 1000 }
  }
}

async function* enrich(records, lookup) {
  for await (const r of records) yield { ...r, meta: await lookup(r.device) }
}

async function* batches(records, size) {
  let batch = []
  for await (const r of records) {
    if (r.reading % 10 === 0) continue // the filter: drop calibration pings
    batch.push(r)
    if (batch.length === size) {
      yield batch
      batch = []
    }
  }
  if (batch.length) yield batch
}

export default {
  name: 'clean-async-pipeline',
  description: 'async generators map/filter/batch records; bounded Promise.all writes; a device metadata cache',
  clean: { why: 'the metadata cache is bounded by the fleet (3,000 devices); every generator runs to completion' },
  cycles: 1400,
  timeoutMs: 90_000,
  warmup: 5,
  params: { records: 400, batch: 25 },
  setup(p) {
    const cache = new Map()
    const lookup = async (device) => {
      let meta = cache.get(device)
      if (!meta) {
        await Promise.resolve() // the database round trip
        meta = { device, name: `camera-${device}`, site: `site-${device % 40}`, calibration: Array.from({ length: 24 }, (_, k) => k * device) }
        cache.set(device, meta)
      }
      return meta
    }
    return { p, cache, lookup, written: 0 }
  },
  async cycle(ctx, i) {
    const controller = new AbortController()
    const writes = []
    for await (const batch of batches(enrich(produce(i, ctx.p.records), ctx.lookup), ctx.p.batch)) {
      writes.push(write(batch, controller.signal).then((n) => (ctx.written += n)))
      if (writes.length === 8) await Promise.all(writes.splice(0))
    }
    await Promise.all(writes)
    controller.abort()
  },
  teardown(ctx) {
    ctx.cache.clear()
  },
}

async function write(batch, signal) {
  await nextTurn()
  if (signal.aborted) throw new Error('aborted')
  return JSON.stringify(batch).length
}
