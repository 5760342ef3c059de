import { NativeError } from './errors.js'
import { type Mat, openCV } from './opencv.js'

export type Codec = 'MJPG' | 'XVID'

export interface VideoWriterOptions {
  codec?: Codec
  fps?: number
  width: number
  height: number
  /** Frames of 3 channels (BGR) or 1 (gray). Default true. */
  color?: boolean
}

/**
 * An OpenCV video writer (an .avi with MJPG or XVID). `release()` closes the file and frees
 * the encoder; calling it again does nothing; a write after it is a NativeError.
 *
 * @example
 * const writer = new VideoWriter('out.avi', { codec: 'MJPG', fps: 30, width: 1280, height: 720 })
 * try { for (const frame of frames) writer.write(frame) } finally { writer.release() }
 */
export class VideoWriter {
  readonly path: string
  readonly options: Required<VideoWriterOptions>
  #writer: { write(m: Mat): void; release(): void } | undefined
  #frames = 0

  constructor(path: string, options: VideoWriterOptions) {
    const cv = openCV()
    this.path = path
    this.options = { codec: 'MJPG', fps: 30, color: true, ...options }
    const { codec, fps, width, height, color } = this.options
    try {
      this.#writer = new cv.VideoWriter(path, cv.VideoWriter.fourcc(codec), fps, new cv.Size(width, height), color)
    } catch (err) {
      throw new NativeError('LEAKWATCH_WRITER_OPEN', `cannot open a ${codec} video writer on ${path}: ${(err as Error).message}`, { cause: err })
    }
  }

  get frames(): number {
    return this.#frames
  }

  get released(): boolean {
    return this.#writer === undefined
  }

  /** Writes one frame: a Mat, or raw bytes (height × width × channels) that are wrapped without a copy. */
  write(frame: Mat | Uint8Array): void {
    if (!this.#writer) throw new NativeError('LEAKWATCH_WRITER_RELEASED', `write after release: the video writer of ${this.path} is released`)
    if (frame instanceof Uint8Array) {
      const mat = bytesToMat(frame, this.options.width, this.options.height, this.options.color ? 3 : 1)
      this.#writer.write(mat)
      mat.release()
    } else {
      this.#writer.write(frame)
    }
    this.#frames++
  }

  /** Closes the file. Safe to call again. */
  release(): void {
    this.#writer?.release()
    this.#writer = undefined
  }
}

/** Wraps raw frame bytes in a Mat of the given shape. */
export function bytesToMat(bytes: Uint8Array, width: number, height: number, channels: 1 | 3): Mat {
  const cv = openCV()
  if (bytes.length !== width * height * channels) {
    throw new RangeError(`a ${width}×${height}×${channels} frame needs ${width * height * channels} bytes, got ${bytes.length}`)
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return new cv.Mat(buffer, height, width, channels === 3 ? cv.CV_8UC3 : cv.CV_8UC1)
}
