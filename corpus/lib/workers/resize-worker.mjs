// A plain worker_threads worker: downsamples greyscale frames by two and returns a histogram,
// handing the frame's buffer back (transferred) so the pool reuses it. Its heap grows to what
// its frames need, then stays.
import { parentPort } from 'node:worker_threads'

let scratch = new Uint8Array(0)

parentPort.on('message', ({ id, frame, width, height }) => {
  const w = width >> 1
  const h = height >> 1
  if (scratch.length < w * h) scratch = new Uint8Array(w * h) // grows to the largest frame, once
  const histogram = new Uint32Array(16)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = (frame[2 * y * width + 2 * x] + frame[(2 * y + 1) * width + 2 * x + 1]) >> 1
      scratch[y * w + x] = v
      histogram[v >> 4]++
    }
  }
  parentPort.postMessage({ id, histogram, frame }, [frame.buffer])
})
