import { Worker } from 'node:worker_threads'
import { type Detection, detectBall, type Frame } from './frames.js'

export type PoolFault = 'workers-not-terminated' | 'frames-retained'

export interface DetectionPoolOptions {
  /** Worker threads. Default 2. */
  size?: number
  background: Uint8Array
  width: number
  /** Opt-in leak, for leakwatch to catch: workers left running on stop, or a copy of every frame kept. */
  fault?: PoolFault | undefined
}

// The worker's whole program; detectBall is self-contained, so its source runs there as it is.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const detectBall = ${detectBall.toString()}
parentPort.on('message', ({ id, buffer }) => {
  const detection = detectBall(new Uint8Array(buffer), workerData.background, workerData.width)
  // the frame goes back with the result: left here, it would wait for this isolate's GC,
  // which a forced GC of the main thread never runs
  parentPort.postMessage({ id, detection, buffer }, [buffer])
})
`

/**
 * A pool of worker threads detecting the ball in frames. Frames are transferred, not copied:
 * while `detect(frame)` runs `frame.data` is empty; the buffer comes back with the result and
 * `frame.data` holds it again, ready to be released for reuse. `stop()` terminates every worker.
 */
export class DetectionPool {
  readonly #options: DetectionPoolOptions
  #workers: Worker[] = []
  #next = 0
  #id = 0
  readonly #pending = new Map<number, { frame: Frame; resolve: (d: Detection) => void; reject: (e: Error) => void }>()
  // where the 'frames-retained' fault puts its copies (kept "for a retry")
  readonly #retained: Uint8Array[] = []

  constructor(options: DetectionPoolOptions) {
    this.#options = options
  }

  get running(): boolean {
    return this.#workers.length > 0
  }

  async start(): Promise<void> {
    if (this.running) return
    const { size = 2, background, width } = this.#options
    this.#workers = Array.from({ length: size }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { background, width } })
      worker.on('message', ({ id, detection, buffer }: { id: number; detection: Detection; buffer: ArrayBuffer }) => {
        const request = this.#pending.get(id)
        this.#pending.delete(id)
        if (!request) return
        request.frame.data = new Uint8Array(buffer) // the frame is whole again
        request.resolve(detection)
      })
      worker.on('error', (err) => this.#failAll(err))
      return worker
    })
    await Promise.all(this.#workers.map((w) => new Promise((resolve) => w.once('online', resolve))))
  }

  detect(frame: Frame): Promise<Detection> {
    const worker = this.#workers[this.#next++ % this.#workers.length]
    if (!worker) return Promise.reject(new Error('the detection pool is not running'))
    if (this.#options.fault === 'frames-retained') this.#retained.push(frame.data.slice())
    const id = this.#id++
    return new Promise<Detection>((resolve, reject) => {
      this.#pending.set(id, { frame, resolve, reject })
      const buffer = frame.data.buffer as ArrayBuffer
      worker.postMessage({ id, buffer }, [buffer])
    })
  }

  async stop(): Promise<void> {
    const workers = this.#workers
    this.#workers = []
    this.#failAll(new Error('the detection pool stopped'))
    if (this.#options.fault === 'workers-not-terminated') return
    await Promise.all(workers.map((w) => w.terminate()))
  }

  #failAll(err: Error): void {
    for (const { reject } of this.#pending.values()) reject(err)
    this.#pending.clear()
  }
}
