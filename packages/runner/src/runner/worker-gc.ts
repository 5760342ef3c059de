import { Session } from 'node:inspector'

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

  start(): this {
    const session = this.#session
    session.connect()
    session.on('NodeWorker.attachedToWorker', ({ params }: Message) => this.#workers.add(params.sessionId))
    session.on('NodeWorker.detachedFromWorker', ({ params }: Message) => {
      this.#workers.delete(params.sessionId)
      for (const [key, done] of [...this.#waiting]) if (key.startsWith(`${params.sessionId}:`)) done()
    })
    session.on('NodeWorker.receivedMessageFromWorker', ({ params }: Message) => {
      const { id } = JSON.parse(params.message ?? '{}') as { id?: number }
      this.#waiting.get(`${params.sessionId}:${id}`)?.()
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

  stop(): void {
    this.#session.disconnect()
  }
}
