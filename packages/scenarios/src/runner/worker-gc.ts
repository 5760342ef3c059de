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
   * blocked in `Atomics.wait` while idle (piscina's workers are) answers only when it next
   * runs JavaScript: its request stays open, it collects at the start of its next task, and it
   * is not asked again until it has answered. Returns how many workers had not answered: a
   * worker that never returns to its event loop keeps its garbage, and the checkpoint says so.
   */
  async collect(waitMs = 250): Promise<number> {
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
    }
    if (this.#pending.size === 0) return 0
    let timer: NodeJS.Timeout | undefined
    await Promise.race([Promise.all(this.#pending.values()), new Promise<void>((r) => (timer = setTimeout(r, waitMs)))])
    clearTimeout(timer)
    return this.#pending.size
  }

  stop(): void {
    this.#session.disconnect()
  }
}
