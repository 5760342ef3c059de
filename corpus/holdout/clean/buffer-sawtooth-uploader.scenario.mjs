// A batching uploader: each cycle appends 48 encoded chunks (8-40 KB Buffers) to the current
// batch; when the batch passes 32 MB (about every 29 cycles) it is concatenated into one
// Buffer, written to a file (the "upload"), and the batch starts empty. Buffer memory climbs
// through each batch and drops at each flush: a sawtooth in external memory with flat troughs.
// The run ends five cycles before a flush, high in a tooth, as any run may.
import { unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { makeScratchDir, removeScratchDir } from '../../lib/tmp.mjs'
import { pick, seededRandom } from '../../lib/random.mjs'

export default {
  name: 'clean-buffer-sawtooth-uploader',
  description: 'Buffers appended to a batch, concatenated and written at 32 MB, then the batch is reset',
  clean: { why: 'each flush drops every chunk of the batch; the written file is deleted' },
  cycles: 1585,
  timeoutMs: 90_000,
  warmup: 5,
  params: { chunksPerCycle: 48, flushBytes: 32 * 1024 * 1024 },
  async setup(p) {
    return { p, dir: await makeScratchDir('uploader'), random: seededRandom(21), batch: [], batchBytes: 0, uploads: 0 }
  },
  async cycle(ctx, i) {
    for (let c = 0; c < ctx.p.chunksPerCycle; c++) {
      const chunk = Buffer.allocUnsafe((8 + pick(ctx.random, 33)) * 1024).fill((i + c) & 0xff)
      ctx.batch.push(chunk)
      ctx.batchBytes += chunk.length
    }
    if (ctx.batchBytes >= ctx.p.flushBytes) {
      const file = join(ctx.dir, `batch-${ctx.uploads++}.bin`)
      await writeFile(file, Buffer.concat(ctx.batch, ctx.batchBytes))
      await unlink(file)
      ctx.batch = []
      ctx.batchBytes = 0
    }
  },
  async teardown(ctx) {
    ctx.batch = []
    await removeScratchDir(ctx.dir)
  },
}
