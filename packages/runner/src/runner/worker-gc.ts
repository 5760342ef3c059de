import { closeSync, openSync, writeSync } from 'node:fs'
import { Session } from 'node:inspector'
import { join } from 'node:path'

type Message = { params: { sessionId: string; message?: string } }

/**
 * Full garbage collections in the scenario's worker threads. A forced GC in the main thread
 * leaves every Worker's isolate alone, and a worker collects only when its own heap asks: its
 * garbage (and the native memory that garbage holds, such as structured-clone buffers) grows
 * for a long while first, and looks like a leak outside the main JS heap. Through the
 * inspector's NodeWorker domain the child attaches to each worker it starts and asks it for
 * `HeapProfiler.collectGarbage` at every checkpoint, as `gc()` does for the main thread.
 * Workers of workers are not reached.
 */
export class WorkerGc {
  readonly #session = new Session()
  readonly #workers = new Set<string>()
  readonly #waiting = new Map<string, () => void>()
  /** Workers asked for a GC that have not answered yet. */
  readonly #pending = new Map<string, Promise<void>>()
  #id = 0
  /** Listeners of what workers send besides answers (a heap snapshot's chunks), by session. */
  readonly #events = new Map<string, (message: { method?: string; params?: Record<string, unknown> }) => void>()

  start(): this {
    const session = this.#session
    session.connect()
    session.on('NodeWorker.attachedToWorker', ({ params }: Message) => this.#workers.add(params.sessionId))
    session.on('NodeWorker.detachedFromWorker', ({ params }: Message) => {
      this.#workers.delete(params.sessionId)
      for (const [key, done] of [...this.#waiting]) if (key.startsWith(`${params.sessionId}:`)) done()
    })
    session.on('NodeWorker.receivedMessageFromWorker', ({ params }: Message) => {
      const message = JSON.parse(params.message ?? '{}') as { id?: number; method?: string; params?: Record<string, unknown> }
      if (message.id === undefined) this.#events.get(params.sessionId)?.(message)
      else this.#waiting.get(`${params.sessionId}:${message.id}`)?.()
    })
    session.post('NodeWorker.enable', { waitForDebuggerOnStart: false })
    return this
  }

  /**
   * Asks every live worker for a full GC and waits up to `waitMs` for the answers. A worker
   * answers from its event loop; one blocked in `Atomics.wait` between tasks (piscina's are)
   * may not return to it for the whole run. Its request stays open, it is not asked or waited
   * for again until it answers, and it is counted: the number returned is how many workers
   * had not answered, whose garbage the checkpoint cannot rule out.
   */
  async collect(waitMs = 100): Promise<number> {
    const asked: Promise<void>[] = []
    for (const sessionId of this.#workers) {
      if (this.#pending.has(sessionId)) continue
      const id = ++this.#id
      this.#pending.set(sessionId, new Promise<void>((resolve) => {
        this.#waiting.set(`${sessionId}:${id}`, () => {
          this.#waiting.delete(`${sessionId}:${id}`)
          this.#pending.delete(sessionId)
          resolve()
        })
      }))
      const message = JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' })
      this.#session.post('NodeWorker.sendMessageToWorker', { sessionId, message }, (err) => {
        if (err) this.#waiting.get(`${sessionId}:${id}`)?.() // the worker is exiting
      })
      asked.push(this.#pending.get(sessionId) as Promise<void>)
    }
    // a worker still silent since an earlier checkpoint is not waited for again
    if (asked.length === 0) return this.#pending.size
    let timer: NodeJS.Timeout | undefined
    await Promise.race([Promise.all(asked), new Promise<void>((r) => (timer = setTimeout(r, waitMs)))])
    clearTimeout(timer)
    return this.#pending.size
  }

  /**
   * A heap snapshot of each live worker that answers (one blocked in `Atomics.wait` does not),
   * streamed to `<dir>/<name>-worker-<n>.heapsnapshot` as the worker sends its chunks, waiting
   * at most `waitMs` for each. Keyed by the worker's inspector session, which stays the same
   * for the worker's life: the diagnosis compares a worker's two snapshots.
   */
  async heapSnapshots(dir: string, name: string, waitMs = 60_000): Promise<Map<string, string>> {
    const written = new Map<string, string>()
    let n = 0
    for (const sessionId of this.#workers) {
      if (this.#pending.has(sessionId)) continue // blocked since an earlier checkpoint
      const path = join(dir, `${name}-worker-${++n}.heapsnapshot`)
      const fd = openSync(path, 'w')
      this.#events.set(sessionId, (message) => {
        if (message.method === 'HeapProfiler.addHeapSnapshotChunk') writeSync(fd, String(message.params?.chunk ?? ''))
      })
      try {
        const answered = (await this.#ask(sessionId, 'HeapProfiler.enable', waitMs)) && (await this.#ask(sessionId, 'HeapProfiler.takeHeapSnapshot', waitMs))
        if (answered && this.#workers.has(sessionId)) written.set(sessionId, path)
      } finally {
        this.#events.delete(sessionId)
        closeSync(fd)
      }
    }
    return written
  }

  /** Sends one inspector command to a worker; true when it answered within `waitMs`. */
  async #ask(sessionId: string, method: string, waitMs: number): Promise<boolean> {
    const id = ++this.#id
    const key = `${sessionId}:${id}`
    let timer: NodeJS.Timeout | undefined
    const answered = new Promise<boolean>((resolve) => {
      this.#waiting.set(key, () => resolve(true))
      timer = setTimeout(resolve, waitMs, false)
    })
    this.#session.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method }) }, (err) => {
      if (err) this.#waiting.get(key)?.()
    })
    const ok = await answered
    clearTimeout(timer)
    this.#waiting.delete(key)
    return ok
  }

  stop(): void {
    this.#session.disconnect()
  }
}
