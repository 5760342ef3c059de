/** One grayscale camera frame. */
export interface Frame {
  data: Uint8Array
  width: number
  height: number
  /** Capture time, ms. */
  t: number
  index: number
}

export interface FrameSourceOptions {
  width?: number
  height?: number
  /** Radius of the ball in pixels. */
  ballRadius?: number
  /** Frames for the ball to cross the image once. */
  framesPerPitch?: number
  /** Ms between frames. */
  frameMs?: number
  /** Shifts the ball left, as a second camera beside the first sees it (disparity, pixels). */
  offsetX?: number
  seed?: number
}

/**
 * A synthetic camera: a bright ball crossing a fixed noisy background on a throw's arc.
 * Like a real capture driver it draws into a small pool of frame buffers: hand a frame back
 * with `release()` when done and its buffer is reused; a frame never released is simply
 * replaced by a new buffer.
 */
export class FrameSource {
  readonly width: number
  readonly height: number
  readonly background: Uint8Array
  readonly #options: Required<FrameSourceOptions>
  readonly #free: Uint8Array[] = []
  #index = 0

  constructor(options: FrameSourceOptions = {}) {
    this.#options = { width: 320, height: 240, ballRadius: 6, framesPerPitch: 40, frameMs: 4, offsetX: 0, seed: 1, ...options }
    this.width = this.#options.width
    this.height = this.#options.height
    this.background = new Uint8Array(this.width * this.height)
    let state = this.#options.seed >>> 0 || 1
    for (let i = 0; i < this.background.length; i++) {
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      this.background[i] = 40 + ((state >>> 0) % 40) // mid-dark noise
    }
  }

  /** Where the ball is in frame `index`: left to right, rising then dropping. */
  ballAt(index: number): { x: number; y: number } {
    const f = (index % this.#options.framesPerPitch) / this.#options.framesPerPitch
    return { x: (0.1 + 0.8 * f) * this.width - this.#options.offsetX, y: (0.7 - 1.6 * f * (1 - f)) * this.height }
  }

  next(): Frame {
    const index = this.#index++
    const data = this.#free.pop() ?? new Uint8Array(this.background.length)
    data.set(this.background)
    const { x, y } = this.ballAt(index)
    const r = this.#options.ballRadius
    for (let dy = -r; dy <= r; dy++) {
      const row = Math.round(y) + dy
      if (row < 0 || row >= this.height) continue
      const half = Math.floor(Math.sqrt(r * r - dy * dy))
      for (let col = Math.max(0, Math.round(x) - half); col <= Math.min(this.width - 1, Math.round(x) + half); col++) {
        data[row * this.width + col] = 250
      }
    }
    return { data, width: this.width, height: this.height, t: index * this.#options.frameMs, index }
  }

  /** Gives a frame's buffer back for reuse. The frame must not be read after this. */
  release(frame: Frame): void {
    if (frame.data.length === this.background.length && this.#free.length < FREE_BUFFERS) this.#free.push(frame.data)
  }
}

/** Buffers a source keeps for reuse: enough for frames in flight in a pool and a stereo queue. */
const FREE_BUFFERS = 32

/** Where a frame differs from the background: the ball's centroid, and how many pixels. */
export interface Detection {
  found: boolean
  x: number
  y: number
  pixels: number
}

/**
 * Ball detection by background difference, threshold and centroid. Self-contained on
 * purpose: the detection pool runs this very function's source in its worker threads.
 */
export function detectBall(frame: Uint8Array, background: Uint8Array, width: number, threshold = 60): Detection {
  let sx = 0
  let sy = 0
  let n = 0
  for (let i = 0; i < frame.length; i++) {
    const diff = (frame[i] as number) - (background[i] as number)
    if (diff > threshold || diff < -threshold) {
      sx += i % width
      sy += (i / width) | 0
      n++
    }
  }
  return n === 0 ? { found: false, x: 0, y: 0, pixels: 0 } : { found: true, x: sx / n, y: sy / n, pixels: n }
}
