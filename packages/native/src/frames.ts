import { type Mat, openCV } from './opencv.js'

/**
 * A frame in native memory (an OpenCV Mat), filled with one colour. Mats live outside the
 * JS heap: `release()` frees them at once instead of whenever the GC gets to them.
 */
export function createFrame(width: number, height: number, channels: 1 | 3 = 3, fill = 0): Mat {
  const cv = openCV()
  const mat = new cv.Mat(height, width, channels === 3 ? cv.CV_8UC3 : cv.CV_8UC1)
  // setTo, not the constructor's fill argument: that one converts pixel by pixel, ~40× slower
  return mat.setTo(channels === 3 ? new cv.Vec3(fill, fill, fill) : fill)
}

/** A frame with a bright ball at (x, y) over a dark background, drawn straight into native memory. */
export function ballFrame(width: number, height: number, x: number, y: number, radius = 8): Mat {
  const data = new Uint8Array(width * height * 3).fill(40)
  for (let dy = -radius; dy <= radius; dy++) {
    const row = Math.round(y) + dy
    if (row < 0 || row >= height) continue
    const half = Math.floor(Math.sqrt(radius * radius - dy * dy))
    for (let col = Math.max(0, Math.round(x) - half); col <= Math.min(width - 1, Math.round(x) + half); col++) {
      data.fill(250, (row * width + col) * 3, (row * width + col) * 3 + 3)
    }
  }
  const cv = openCV()
  return new cv.Mat(Buffer.from(data.buffer), height, width, cv.CV_8UC3)
}

/** Frees a frame's native memory now. Safe on a frame already released. */
export function releaseFrame(frame: Mat): void {
  frame.release()
}
