import { NativeError } from './errors.js'
import { type Mat, openCV } from './opencv.js'

/** Where a camera's frames come from: a video file, a GStreamer pipeline, or a device index. */
export type CameraSource = { file: string } | { gstreamer: string } | { device: number }

/**
 * An OpenCV capture with a start/stop lifecycle. `read()` returns the next frame (a Mat the
 * caller releases) or undefined at the end of the stream; `stop()` releases the capture.
 *
 * @example
 * const camera = new Camera({ gstreamer: 'videotestsrc num-buffers=30 ! videoconvert ! appsink' })
 * camera.start()
 * for (let f = camera.read(); f; f = camera.read()) { process(f); f.release() }
 * camera.stop()
 */
export class Camera {
  readonly source: CameraSource
  #capture: { read(): Mat; release(): void } | undefined

  constructor(source: CameraSource) {
    this.source = source
  }

  get running(): boolean {
    return this.#capture !== undefined
  }

  start(): void {
    if (this.#capture) return
    const cv = openCV()
    const s = this.source
    try {
      this.#capture = 'file' in s ? new cv.VideoCapture(s.file) : 'gstreamer' in s ? new cv.VideoCapture(s.gstreamer, cv.CAP_GSTREAMER) : new cv.VideoCapture(s.device)
    } catch (err) {
      throw new NativeError('LEAKWATCH_CAMERA', `cannot open the camera ${JSON.stringify(s)}: ${(err as Error).message}`, { cause: err })
    }
  }

  read(): Mat | undefined {
    if (!this.#capture) throw new NativeError('LEAKWATCH_CAMERA', 'read from a camera that is not started')
    const frame = this.#capture.read()
    if (frame.empty) return undefined
    return frame
  }

  stop(): void {
    this.#capture?.release()
    this.#capture = undefined
  }
}
