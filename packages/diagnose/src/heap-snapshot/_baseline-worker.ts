import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { summarizeBaseline, type Baseline } from './_baseline.js'
import { HeapSnapshotError } from './errors.js'
import { readHeapSnapshot } from './parse.js'

const JOB = 'leakwatchHeapSnapshotBaseline'

type Reply = { baseline: Baseline } | { error: { message: string; code?: string } }

/**
 * Whether this module can be the entry of a worker: it can once built (or bundled) to
 * JavaScript; from TypeScript source (tests under vitest) Node cannot load it, and the
 * comparison parses both snapshots in turn instead.
 */
export function canSummarizeInWorker(): boolean {
  return !import.meta.url.endsWith('.ts')
}

/**
 * Parses the first snapshot and reduces it to its baseline in a worker thread, so that the
 * second snapshot can be parsed here at the same time: the parse is CPU-bound, and the two
 * halves take about as long as each other.
 */
export function summarizeInWorker(path: string): Promise<Baseline> {
  return new Promise((resolve, reject) => {
    // The worker runs this very file (the package's bundle); the check at the bottom starts the job.
    const worker = new Worker(new URL(import.meta.url), { workerData: { [JOB]: path } })
    let settled = false
    worker.once('message', (reply: Reply) => {
      settled = true
      if ('baseline' in reply) resolve(reply.baseline)
      else reject(new HeapSnapshotError((reply.error.code ?? 'LEAKWATCH_HEAP_SNAPSHOT_INVALID') as never, reply.error.message))
      void worker.terminate()
    })
    worker.once('error', (err) => {
      if (!settled) reject(err)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the heap snapshot worker exited (${code}) before it answered`))
    })
  })
}

async function runJob(path: string): Promise<void> {
  let reply: Reply
  try {
    reply = { baseline: summarizeBaseline(await readHeapSnapshot(path)) }
  } catch (err) {
    const e = err as Error & { code?: string }
    reply = { error: { message: e.message, ...(e.code === undefined ? {} : { code: e.code }) } }
  }
  const transfer = 'baseline' in reply ? [reply.baseline.ids.buffer, reply.baseline.entries.buffer, reply.baseline.bytes.buffer] : []
  parentPort?.postMessage(reply, transfer as ArrayBuffer[])
}

const job = isMainThread ? undefined : (workerData as Record<string, unknown> | null)?.[JOB]
if (typeof job === 'string') void runJob(job)
