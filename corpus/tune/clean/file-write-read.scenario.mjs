// A segment store: per cycle 12 files of 32-256 KB are written, read back and verified, some
// renamed (as an atomic write does), and all deleted once the cycle's work is done. The first
// 16 KB of each of the last 800 segments stay in memory as a preview ring (12.5 MB), which
// fills during the first third of the measured run. File handles open and close.
import { readFile, rename, unlink, writeFile, open } from 'node:fs/promises'
import { join } from 'node:path'
import { makeScratchDir, removeScratchDir } from '../../lib/tmp.mjs'
import { seededRandom, pick } from '../../lib/random.mjs'

export default {
  name: 'clean-file-write-read',
  description: 'fs/promises writeFile, FileHandle append, rename, readFile, unlink of 12 files per cycle',
  clean: { why: 'every file is deleted in its cycle and every FileHandle closed; the preview ring has 800 slots' },
  cycles: 220,
  timeoutMs: 90_000,
  warmup: 5,
  params: { files: 12, previews: 800 },
  async setup(p) {
    return { p, dir: await makeScratchDir('files'), random: seededRandom(11), previews: new Array(p.previews), next: 0, bytes: 0 }
  },
  async cycle(ctx, i) {
    const names = []
    for (let f = 0; f < ctx.p.files; f++) {
      const data = Buffer.alloc((32 + pick(ctx.random, 224)) * 1024, (i + f) & 0xff)
      const tmp = join(ctx.dir, `seg-${i}-${f}.tmp`)
      const final = join(ctx.dir, `seg-${i}-${f}.bin`)
      if (f % 3 === 0) {
        const handle = await open(tmp, 'w')
        try {
          await handle.write(data.subarray(0, data.length >> 1))
          await handle.write(data.subarray(data.length >> 1))
          await handle.sync()
        } finally {
          await handle.close()
        }
      } else {
        await writeFile(tmp, data)
      }
      await rename(tmp, final)
      names.push([final, data.length, data[0]])
    }
    for (const [name, length, first] of names) {
      const back = await readFile(name)
      if (back.length !== length || back[0] !== first) throw new Error(`${name} came back wrong`)
      ctx.bytes += back.length
      // a copy, not a view: a subarray would pin the whole segment
      ctx.previews[ctx.next++ % ctx.previews.length] = Buffer.from(back.subarray(0, 16 * 1024))
      await unlink(name)
    }
  },
  async teardown(ctx) {
    ctx.previews.fill(undefined)
    await removeScratchDir(ctx.dir)
  },
}
