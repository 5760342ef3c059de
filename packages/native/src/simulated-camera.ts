import { ballFrame } from './frames.js'
import type { Mat } from './opencv.js'

export interface SimulatedCameraOptions {
  width?: number
  height?: number
  fps?: number
}

/**
 * A camera without hardware: at a set rate it draws a frame (a ball crossing the image) into
 * native memory and hands it to `onFrame`, which owns it and must release it. `stop()` ends
 * the timer; a camera that is never stopped keeps producing frames.
 */
export class SimulatedCamera {
  readonly width: number
  readonly height: number
  readonly fps: number
  #timer: NodeJS.Timeout | undefined
  #index = 0

  constructor({ width = 640, height = 480, fps = 30 }: SimulatedCameraOptions = {}) {
    this.width = width
    this.height = height
    this.fps = fps
  }

  get running(): boolean {
    return this.#timer !== undefined
  }

  /** Frames captured since construction. */
  get frames(): number {
    return this.#index
  }

  start(onFrame: (frame: Mat, index: number) => void): void {
    if (this.#timer) return
    this.#timer = setInterval(() => {
      const i = this.#index++
      const f = (i % 60) / 60
      onFrame(ballFrame(this.width, this.height, f * this.width, this.height * (0.3 + 0.4 * f)), i)
    }, 1000 / this.fps)
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }
}
