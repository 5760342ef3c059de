// Reports are rendered in a worker thread, one worker per batch of 25 reports. When a batch
// is done the code drops its reference to the worker instead of terminating it, and the
// worker's message listener keeps it alive: one more OS thread, with its event loop's 4 fds and its isolate (~8 MB of
// RSS), every 25 cycles, for the life of the process.
import { setTimeout as sleep } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import { pick, seededRandom } from '../../lib/random.mjs'

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
parentPort.on('message', ({ title, rows }) => {
  const body = rows.map((r) => '<tr><td>' + r.name + '</td><td>' + r.value.toFixed(2) + '</td></tr>').join('')
  parentPort.postMessage('<h1>' + title + '</h1><table>' + body + '</table>')
})
`
const BATCH = 25

function render(worker, report) {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.postMessage(report)
  })
}

export default {
  name: 'leak-report-workers',
  description: 'a worker thread per batch of reports, dropped but never terminated (+1 thread every 25 cycles)',
  // A worker's isolate also mallocs ~0.9 MB: the native heap rises with the threads.
  leak: { layer: ['threads', 'fds', 'outside', 'native'], rate: '1 thread, 4 fds, ~8 MB RSS / 25 cycles' },
  where: [
    { kind: ['thread', 'heap-object', 'handle'], what: ['node', '*worker*', 'MessagePort'], line: 'if (i % BATCH === 0) ctx.worker = new Worker(', fn: 'async cycle(ctx, i)' },
    { kind: 'fd', what: ['anon_inode*', '*eventfd*', '*eventpoll*', 'pipe*'], line: 'if (i % BATCH === 0) ctx.worker = new Worker(', fn: 'async cycle(ctx, i)' },
  ],
  cycles: 500,
  setup: () => ({ random: seededRandom(13), worker: undefined }),
  async cycle(ctx, i) {
    if (i % BATCH === 0) ctx.worker = new Worker(WORKER_SOURCE, { eval: true }) // the old one is forgotten, not terminated
    const rows = Array.from({ length: 200 }, (_, k) => ({ name: `item ${k}`, value: ctx.random() * 1000 }))
    const html = await render(ctx.worker, { title: `report ${i} (${pick(ctx.random, 99)})`, rows })
    ctx.worker.removeAllListeners('error')
    await sleep(3) // the report is uploaded
    return html.length
  },
  async teardown(ctx) {
    await ctx.worker?.terminate() // the batch in progress; the forgotten workers live on
  },
}
