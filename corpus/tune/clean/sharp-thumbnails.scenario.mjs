// A thumbnail service: per cycle one of eight 1280x720 source images is resized to three
// sizes with sharp and encoded as JPEG, WebP and PNG. libvips keeps an operation cache and
// its own buffers in native memory; both grow to their limits early and stay.
import { readdirSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import sharp from 'sharp'

// libvips starts two threads on first use that it keeps for the life of the process (it has
// no call to stop them), as an app does when it boots: start them here, at load, so they exist
// before the runner's pre-setup sample instead of reading as threads that teardown left.
await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg().toBuffer()
await threadsDrained()

/** libvips ends its idle worker threads about 0.5 s after the last job: wait for that. */
async function threadsDrained(maxMs = 3000, quietMs = 800) {
  if (process.platform !== 'linux') return sleep(1000) // no /proc/self/task to watch
  const count = () => readdirSync('/proc/self/task').length
  let last = count()
  let since = Date.now()
  for (const start = Date.now(); Date.now() - start < maxMs && Date.now() - since < quietMs; ) {
    await sleep(50)
    const now = count()
    if (now !== last) [last, since] = [now, Date.now()]
  }
}

function makeImage(seed, width, height) {
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3
      pixels[o] = (x + seed * 31) & 0xff
      pixels[o + 1] = (y * 2 + seed) & 0xff
      pixels[o + 2] = ((x ^ y) + seed * 7) & 0xff
    }
  }
  return pixels
}

export default {
  name: 'clean-sharp-thumbnails',
  description: 'sharp resize of raw 1280x720 frames to three sizes, JPEG, WebP and PNG encode',
  clean: { why: 'outputs are dropped each cycle; the libvips cache is bounded by its defaults; its idle threads end after teardown' },
  cycles: 90,
  timeoutMs: 90_000,
  warmup: 3,
  params: { width: 1280, height: 720, sources: 8 },
  setup(p) {
    const sources = Array.from({ length: p.sources }, (_, s) => makeImage(s, p.width, p.height))
    return { p, sources, bytes: 0 }
  },
  async cycle(ctx, i) {
    const { width, height } = ctx.p
    const raw = { raw: { width, height, channels: 3 } }
    const input = ctx.sources[i % ctx.sources.length]
    const outputs = await Promise.all([
      sharp(input, raw).resize(640, 360).jpeg({ quality: 80 }).toBuffer(),
      sharp(input, raw).resize(320, 180).webp({ quality: 70 }).toBuffer(),
      sharp(input, raw).resize(160, 90, { fit: 'cover' }).png().toBuffer(),
    ])
    for (const out of outputs) ctx.bytes += out.length
  },
  async teardown(ctx) {
    ctx.sources.length = 0
    await threadsDrained()
  },
}
