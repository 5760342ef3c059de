// A log archiver: each cycle streams a 2 MB recording through gzip into an archive file with
// stream.pipeline, reads the archive into memory (the last 40 are kept for download: they fill
// during the first third of the measured run), every fourth cycle streams it back through
// gunzip to check it, and deletes the file. Stream buffers, zlib's native state and libuv's
// fs requests churn.
import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import { makeScratchDir, removeScratchDir } from '../../lib/tmp.mjs'
import { seededRandom } from '../../lib/random.mjs'

function makeRecording(random, bytes) {
  // half-compressible text, like a log: repeated words with random numbers in them
  const lines = []
  let size = 0
  while (size < bytes) {
    const line = `t=${Math.floor(random() * 1e9)} cam=${Math.floor(random() * 8)} level=info msg="frame written" q=${random().toFixed(6)}\n`
    lines.push(line)
    size += line.length
  }
  return lines.join('')
}

export default {
  name: 'clean-fs-streams-gzip',
  description: 'fs read stream -> zlib gzip -> fs write stream with pipeline; gunzip check; files deleted',
  clean: { why: 'each archive file is deleted in its cycle; at most 40 archives stay in memory; pipeline() destroys its streams' },
  cycles: 130,
  timeoutMs: 90_000,
  warmup: 3,
  params: { sourceBytes: 2 * 1024 * 1024, kept: 40 },
  async setup(p) {
    const dir = await makeScratchDir('gzip')
    const source = join(dir, 'recording.log')
    await writeFile(source, makeRecording(seededRandom(3), p.sourceBytes))
    return { p, dir, source, recent: [], bytes: 0 }
  },
  async cycle(ctx, i) {
    const archive = join(ctx.dir, `archive-${i}.gz`)
    await pipeline(createReadStream(ctx.source, { highWaterMark: 256 * 1024 }), createGzip({ level: 1 }), createWriteStream(archive))
    const bytes = await readFile(archive)
    ctx.bytes += bytes.length
    ctx.recent.push(bytes)
    if (ctx.recent.length > ctx.p.kept) ctx.recent.shift()
    if (i % 4 === 0) {
      let unzipped = 0
      await pipeline(createReadStream(archive), createGunzip(), async function* (chunks) {
        for await (const chunk of chunks) unzipped += chunk.length
      })
      if (unzipped === 0) throw new Error('empty archive')
    }
    await unlink(archive)
  },
  async teardown(ctx) {
    ctx.recent.length = 0
    await removeScratchDir(ctx.dir)
  },
}
