import { closeSync, openSync, writeSync } from 'node:fs'

/** Writes grayscale frames to a YUV4MPEG2 file (`Cmono`), which ffmpeg and most players read. */
export class Y4mWriter {
  readonly path: string
  readonly #frameBytes: number
  #fd: number | undefined
  #frames = 0

  constructor(path: string, width: number, height: number, fps = 30) {
    this.path = path
    this.#frameBytes = width * height
    this.#fd = openSync(path, 'w')
    writeSync(this.#fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 Cmono\n`)
  }

  get frames(): number {
    return this.#frames
  }

  get released(): boolean {
    return this.#fd === undefined
  }

  write(frame: Uint8Array): void {
    if (this.#fd === undefined) throw new Error(`write after release: ${this.path} is closed`)
    if (frame.length !== this.#frameBytes) throw new Error(`frame of ${frame.length} bytes, expected ${this.#frameBytes}`)
    writeSync(this.#fd, 'FRAME\n')
    writeSync(this.#fd, frame)
    this.#frames++
  }

  /** Closes the file. Safe to call again. */
  release(): void {
    if (this.#fd === undefined) return
    closeSync(this.#fd)
    this.#fd = undefined
  }
}
