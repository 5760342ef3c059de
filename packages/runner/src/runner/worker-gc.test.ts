import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { WorkerGc } from './worker-gc.js'

// A worker that holds an object only through a WeakRef and answers, when asked, whether it is
// still there. Idle with a tiny heap, it would never collect on its own.
const WEAK = `
  const { parentPort } = require('node:worker_threads')
  let ref
  parentPort.on('message', (m) => {
    if (m === 'make') { ref = new WeakRef({ payload: new Array(10000).fill('x') }); parentPort.postMessage('made') }
    else parentPort.postMessage(ref.deref() === undefined ? 'collected' : 'alive')
  })`

// A worker blocked in Atomics.wait, as piscina's idle workers are.
const BLOCKED = `
  const { workerData } = require('node:worker_threads')
  const cell = new Int32Array(workerData)
  while (Atomics.load(cell, 0) === 0) Atomics.wait(cell, 0, 0, 50)`

const started: Worker[] = []
const gcs: WorkerGc[] = []
afterEach(async () => {
  for (const gc of gcs.splice(0)) gc.stop()
  await Promise.all(started.splice(0).map((w) => w.terminate()))
})

async function ask(worker: Worker, message: string): Promise<unknown> {
  worker.postMessage(message)
  return (await once(worker, 'message'))[0]
}

describe('WorkerGc', () => {
  it("collects a worker's garbage, which it would otherwise keep", async () => {
    const gc = new WorkerGc().start()
    gcs.push(gc)
    const worker = new Worker(WEAK, { eval: true })
    started.push(worker)
    await once(worker, 'online')
    expect(await ask(worker, 'make')).toBe('made')
    expect(await ask(worker, 'check')).toBe('alive') // no GC of its own: the check can fail
    expect(await gc.collect(2000)).toBe(0)
    expect(await ask(worker, 'check')).toBe('collected')
  })

  it('counts a worker blocked in Atomics.wait, and does not wait for it twice', async () => {
    const gc = new WorkerGc().start()
    gcs.push(gc)
    const cell = new SharedArrayBuffer(4)
    const worker = new Worker(BLOCKED, { eval: true, workerData: cell })
    started.push(worker)
    await once(worker, 'online')
    await new Promise((r) => setTimeout(r, 100)) // attached, and inside its wait loop
    expect(await gc.collect(100)).toBe(1)
    // were it waited for again, this would outlast the test's timeout
    expect(await gc.collect(600_000)).toBe(1)
    Atomics.store(new Int32Array(cell), 0, 1)
  })
})
