import { Session } from 'node:inspector'

/**
 * The inspector of this very process (`node:inspector`), with promises. Messages to a session
 * of the same thread are handled at once, so a `post` never waits on this thread's event loop:
 * it can be used between two cycles of the scenario, and while it measures.
 */
export class Inspector {
  readonly #session = new Session()

  constructor() {
    this.#session.connect()
  }

  post<T = Record<string, unknown>>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T)))
    })
  }

  on(event: string, listener: (message: { params: Record<string, unknown> }) => void): () => void {
    this.#session.on(event, listener)
    return () => this.#session.off(event, listener)
  }

  close(): void {
    this.#session.disconnect()
  }
}

/** A frame as the inspector's profilers give it: 0-based line and column of the function's start. */
export interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
  scriptId?: string
}
