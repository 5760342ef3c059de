// The workload the snapshot benchmark compares: a big clean part (a catalogue that is built
// once and then only read) and a realistic leak (every cycle adds sessions to a module-level
// Map that nothing ever deletes from). Writes before.heapsnapshot after the warm-up and
// after.heapsnapshot after the leaking phase, then prints one JSON line of what it did.
// Usage: node --expose-gc _heap-builder.mjs <dir> <heapMB> <cycles>
import { writeHeapSnapshot } from 'node:v8'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { readFileSync } from 'node:fs'

const [dir, heapMB = '300', cyclesArg = '600'] = process.argv.slice(2)
const cycles = Number(cyclesArg)
const SESSIONS_PER_CYCLE = 50

class CatalogItem {
  constructor(i) {
    this.id = i
    this.sku = `sku-${i}`
    this.price = i * 0.25
    this.tags = [i % 7, i % 11]
  }
}

class LeakedSession {
  constructor(key) {
    this.key = key
    this.user = { name: `user-${key}`, seen: Date.now() }
    this.startedAt = Date.now()
  }
}

// The clean part: about 150 bytes a catalogue item (object, string, array and its elements).
const catalog = []
const target = Number(heapMB) * 2 ** 20
for (let i = 0; process.memoryUsage().heapUsed < target * 0.97; i++) {
  for (let k = 0; k < 10_000; k++) catalog.push(new CatalogItem(i * 10_000 + k))
}

const sessions = new Map()
let scratch = []
function cycle(i) {
  for (let k = 0; k < SESSIONS_PER_CYCLE; k++) sessions.set(`s${i}:${k}`, new LeakedSession(`${i}:${k}`))
  // Churn that is collected: the clean part of a cycle.
  scratch = catalog.slice(i % 1000, (i % 1000) + 200).map((item) => ({ id: item.id, total: item.price * 2 }))
}

function snapshot(name) {
  globalThis.gc()
  const start = performance.now()
  const path = writeHeapSnapshot(join(dir, `${name}.heapsnapshot`))
  return { path, ms: performance.now() - start }
}

let i = 0
for (; i < 20; i++) cycle(i)
const heapBefore = process.memoryUsage().heapUsed
const before = snapshot('before')
for (const end = i + cycles; i < end; i++) cycle(i)
const after = snapshot('after')
const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024
console.log(
  JSON.stringify({
    heapBytes: heapBefore,
    catalog: catalog.length,
    sessions: sessions.size,
    leaked: cycles * SESSIONS_PER_CYCLE,
    cycles,
    writeMs: [before.ms, after.ms],
    writerPeakRss: hwm,
    scratch: scratch.length,
  }),
)
