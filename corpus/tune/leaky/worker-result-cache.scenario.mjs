// Pricing runs in a long-lived worker thread so the main thread stays responsive. The worker
// memoizes each quote by request id "to answer retries", and never evicts: its own V8 heap
// grows with every request (~11 KB a request once its garbage is collected, measured). The main thread's heap stays
// flat; only RSS shows the worker's heap.
import { setTimeout as sleep } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import { pick, seededRandom } from '../../lib/random.mjs'

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const quotes = new Map() // the leak: one entry per request id, never evicted
parentPort.on('message', ({ id, basket }) => {
  if (!quotes.has(id)) {
    const lines = basket.map((item, k) => ({ ...item, line: k, net: item.qty * item.price, tax: item.qty * item.price * 0.2, note: 'quote ' + id + '/' + k }))
    quotes.set(id, { id, lines, total: lines.reduce((s, l) => s + l.net + l.tax, 0) })
  }
  parentPort.postMessage({ id, total: quotes.get(id).total })
})
`

export default {
  name: 'leak-worker-result-cache',
  description: "a long-lived worker thread memoizes every quote by request id: the worker's heap grows, shown only by RSS",
  leak: { layer: 'outside', rate: '11 KB/cycle' },
  where: [
    // the worker's own heap: line 7 of the evaluated WORKER_SOURCE (its first line is empty)
    { kind: ['heap-object', 'heap-site'], what: ['Map'], file: '[worker eval]', line: 7 },
    { kind: 'thread', what: ['node', '*worker*'], line: 'const worker = new Worker(WORKER_SOURCE' },
  ],
  cycles: 2000,
  async setup() {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    await new Promise((resolve) => worker.once('online', resolve))
    return { worker, random: seededRandom(21) }
  },
  async cycle({ worker, random }, i) {
    const basket = Array.from({ length: 20 }, () => ({ sku: `SKU-${pick(random, 9000)}`, qty: 1 + pick(random, 4), price: random() * 90 }))
    const reply = new Promise((resolve) => worker.once('message', resolve))
    worker.postMessage({ id: `q-${i}`, basket })
    await reply
    await sleep(1) // the next request arrives
  },
  async teardown({ worker }) {
    await worker.terminate()
  },
}
