import { EventEmitter } from 'node:events'
import { DetectionPool } from './detection-pool.js'
import { type Detection, FrameSource, type FrameSourceOptions } from './frames.js'

export type PipelineFault = 'frames-retained' | 'listener-left' | 'workers-not-terminated'

export interface DetectionPipelineOptions extends FrameSourceOptions {
  workers?: number
  /** Results kept for readers, newest last. Default 100. */
  keepResults?: number
  fault?: PipelineFault | undefined
}

export interface PipelineResult extends Detection {
  index: number
  t: number
}

/** Frame source → detection pool → results, for continuous operation. */
export class DetectionPipeline {
  readonly source: FrameSource
  readonly events = new EventEmitter<{ result: [PipelineResult] }>()
  readonly results: PipelineResult[] = []
  readonly #pool: DetectionPool
  readonly #keep: number
  readonly #fault: PipelineFault | undefined
  readonly #history: Uint8Array[] = [] // the 'frames-retained' fault's debugging history

  constructor({ workers = 2, keepResults = 100, fault, ...sourceOptions }: DetectionPipelineOptions = {}) {
    this.source = new FrameSource(sourceOptions)
    this.#pool = new DetectionPool({
      size: workers,
      background: this.source.background,
      width: this.source.width,
      fault: fault === 'workers-not-terminated' ? fault : undefined,
    })
    this.#keep = keepResults
    this.#fault = fault
    this.events.setMaxListeners(0) // the 'listener-left' fault adds one a frame; no warning spam
  }

  start(): Promise<void> {
    return this.#pool.start()
  }

  /** Captures one frame, detects the ball, publishes the result. */
  async processNext(): Promise<PipelineResult> {
    const frame = this.source.next()
    if (this.#fault === 'frames-retained') this.#history.push(frame.data.slice())
    if (this.#fault === 'listener-left') {
      // waits for its own result, keeping a copy of the frame, and is never removed
      const copy = frame.data.slice()
      this.events.on('result', (r) => void (r.index === frame.index && copy.length))
    }
    const detection = await this.#pool.detect(frame)
    this.source.release(frame)
    const result = { ...detection, index: frame.index, t: frame.t }
    this.results.push(result)
    if (this.results.length > this.#keep) this.results.shift()
    this.events.emit('result', result)
    return result
  }

  async stop(): Promise<void> {
    await this.#pool.stop()
    this.results.length = 0
    if (this.#fault !== 'listener-left') this.events.removeAllListeners()
  }
}
