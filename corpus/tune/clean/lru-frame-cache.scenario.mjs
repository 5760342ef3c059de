// A camera's replay cache: the last 600 frames (48 KB each) kept in an LRU so a UI can scrub
// back through them; each cycle renders a frame, scores its motion against the previous one
// and serves a few replay reads. The cache fills during the first third of the measured run
// (~29 MB of frames), then every insert evicts the oldest frame. Frames arrive every 2 ms.
import { setTimeout as sleep } from 'node:timers/promises'
import { LRUCache } from 'lru-cache'

/** A moving synthetic scene: a gradient with a bright square that travels across it. */
function renderFrame(i, width, height) {
  const frame = new Uint8Array(width * height)
  const bx = (i * 3) % width
  const by = (i * 2) % height
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      const inBox = x - bx >= 0 && x - bx < 24 && y - by >= 0 && y - by < 24
      frame[row + x] = inBox ? 250 : (x + y + (i & 15)) & 0x7f
    }
  }
  return frame
}

/** Mean absolute difference on a 4-pixel grid, as a motion detector would compute it. */
function motion(a, b) {
  let sum = 0
  for (let p = 0; p < a.length; p += 4) sum += Math.abs(a[p] - b[p])
  return sum / (a.length / 4)
}

export default {
  name: 'clean-lru-frame-cache',
  description: 'lru-cache of 600 camera frames with motion scoring: fills in the first third of the run, then stays full',
  clean: { why: 'max: 600 bounds the cache; once full, each new frame evicts the oldest' },
  cycles: 1800,
  timeoutMs: 90_000,
  warmup: 10,
  params: { frames: 600, width: 256, height: 192 },
  setup(p) {
    return { p, cache: new LRUCache({ max: p.frames }), previous: undefined, moving: 0 }
  },
  async cycle(ctx, i) {
    await sleep(2) // the next frame from the camera
    const { width, height } = ctx.p
    const frame = renderFrame(i, width, height)
    if (ctx.previous && motion(frame, ctx.previous) > 0.5) ctx.moving++
    ctx.previous = frame
    ctx.cache.set(i, frame)
    // replay reads: a scrubbing UI asks for frames a few seconds back
    for (let back = 1; back <= 6; back++) {
      const seen = ctx.cache.get(i - back * 25)
      if (seen) ctx.moving += seen[(back * 997) % seen.length] > 200 ? 1 : 0
    }
  },
  teardown(ctx) {
    ctx.cache.clear()
    ctx.previous = undefined
  },
}
