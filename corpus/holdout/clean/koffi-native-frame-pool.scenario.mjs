// A native frame pool as a decoder addon keeps one, driven through koffi: blocks of 256 KB
// come from libc malloc, are filled and copied with memset/memcpy, and go back to a free list
// instead of to free(). The decoder's in-flight frames ramp up from 4 to 48 over the first 300
// cycles (streams being added), so the pool grows to 48 blocks (12 MB of malloc heap) during
// the first third of the measured run and is only reused after; teardown frees every block.
import koffi from 'koffi'

const BLOCK = 256 * 1024

function loadLibc() {
  if (process.platform !== 'linux') return undefined
  try {
    const lib = koffi.load('libc.so.6')
    return {
      malloc: lib.func('void *malloc(size_t size)'),
      free: lib.func('void free(void *ptr)'),
      memset: lib.func('void *memset(void *s, int c, size_t n)'),
      memcpy: lib.func('void *memcpy(void *dest, void *src, size_t n)'),
    }
  } catch {
    return undefined
  }
}
const libc = loadLibc()

export default {
  name: 'clean-koffi-native-frame-pool',
  description: 'koffi: malloc\'d 256 KB frame blocks recycled through a free list; the pool grows to 48 blocks, then stays',
  clean: { why: 'blocks go back to the free list after each cycle; the pool never exceeds the peak in-flight count; teardown frees all' },
  cycles: 900,
  timeoutMs: 90_000,
  warmup: 5,
  params: { maxInFlight: 48, rampCycles: 300 },
  skip: () => (libc ? undefined : 'needs glibc (libc.so.6) for malloc through koffi'),
  setup(p) {
    return { p, free: [], all: [], copies: 0 }
  },
  async cycle(ctx, i) {
    const { maxInFlight, rampCycles } = ctx.p
    const inFlight = Math.min(maxInFlight, 4 + Math.floor(((maxInFlight - 4) * i) / rampCycles))
    const frames = []
    for (let f = 0; f < inFlight; f++) {
      let block = ctx.free.pop()
      if (!block) {
        block = libc.malloc(BLOCK)
        if (!block) throw new Error('malloc failed')
        ctx.all.push(block)
      }
      libc.memset(block, (i + f) & 0xff, BLOCK) // the decoder writes the frame
      frames.push(block)
    }
    // the renderer copies each frame into the next one's block, as a compositor would
    for (let f = 1; f < frames.length; f++) libc.memcpy(frames[f], frames[f - 1], BLOCK / 4)
    ctx.copies += frames.length
    await new Promise((done) => setTimeout(done, 2)) // the next packet
    ctx.free.push(...frames)
  },
  teardown(ctx) {
    for (const block of ctx.all) libc.free(block)
    ctx.all.length = 0
    ctx.free.length = 0
  },
}
