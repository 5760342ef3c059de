// A video exporter's buffer churn: each cycle exports three clips at once into fresh output
// Buffers of 1 to 16 MB (filled, checksummed, dropped), through per-slot scratch buffers that
// only ever grow to the largest clip seen. Clip sizes ramp up over the first 200 cycles (the
// queue starts with previews, then full-size exports arrive), so memory steps up during the
// measured run and then stays: nothing outlives its cycle except the three scratch buffers.
import { pick, seededRandom } from '../../lib/random.mjs'

const MB = 1024 * 1024

export default {
  name: 'clean-buffer-churn-large',
  description: 'output Buffers of 1-16 MB allocated, filled and dropped, three in flight; grow-only scratch buffers',
  clean: { why: 'outputs are dropped each cycle; scratch buffers stop growing once the largest clip size has been seen' },
  cycles: 900,
  timeoutMs: 90_000,
  warmup: 5,
  params: { slots: 3, maxMB: 16, rampCycles: 200 },
  setup(p) {
    return { p, random: seededRandom(42), scratch: Array.from({ length: p.slots }, () => Buffer.alloc(0)), sum: 0 }
  },
  async cycle(ctx, i) {
    const { slots, maxMB, rampCycles } = ctx.p
    const ceiling = Math.max(1, Math.min(maxMB, Math.ceil((maxMB * (i + 1)) / rampCycles)))
    const exports = []
    for (let s = 0; s < slots; s++) {
      const size = (1 + pick(ctx.random, ceiling)) * MB - pick(ctx.random, 4096)
      if (ctx.scratch[s].length < size) ctx.scratch[s] = Buffer.allocUnsafe(size)
      exports.push(exportClip(ctx.scratch[s], size, i + s))
    }
    for (const sum of await Promise.all(exports)) ctx.sum = (ctx.sum + sum) | 0
  },
  teardown(ctx) {
    ctx.scratch.length = 0
  },
}

/** Writes a clip through the scratch buffer into a new output Buffer and returns its checksum. */
async function exportClip(scratch, size, seed) {
  scratch.fill(seed & 0xff, 0, Math.min(size, 64 * 1024))
  const out = Buffer.allocUnsafe(size)
  // touch every page of the output, as an encoder writing it would
  for (let off = 0; off < size; off += 4096) out[off] = scratch[off & 0xffff] ^ (off >> 12)
  await new Promise((done) => setTimeout(done, 2)) // the write to disk
  return out[0] + out[size - 1] + out.length
}
