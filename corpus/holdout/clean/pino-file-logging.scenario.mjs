// Structured logging with pino to a file through its async SonicBoom destination: 300 lines a
// cycle with child loggers per request, and a log rotation every 300 cycles (rename the file,
// reopen the destination, delete the old file). A per-route child-logger cache (400 routes,
// seen over the first third of the measured run) keeps its bindings.
import { rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import pino from 'pino'
import { makeScratchDir, removeScratchDir } from '../../lib/tmp.mjs'

export default {
  name: 'clean-pino-file-logging',
  description: 'pino to a file (async SonicBoom), child loggers per route, rotation with reopen()',
  clean: { why: 'rotated files are deleted; child loggers are cached per route (400); teardown flushes and closes the stream' },
  cycles: 1500,
  timeoutMs: 90_000,
  warmup: 5,
  params: { linesPerCycle: 300, rotateEvery: 300, routes: 400 },
  async setup(p) {
    const dir = await makeScratchDir('pino')
    const file = join(dir, 'app.log')
    const destination = pino.destination({ dest: file, sync: false, minLength: 4096 })
    await new Promise((ready) => destination.once('ready', ready))
    const logger = pino({ level: 'info', base: { service: 'recorder' } }, destination)
    return { p, dir, file, destination, logger, children: new Map() }
  },
  async cycle(ctx, i) {
    const { linesPerCycle, rotateEvery, routes } = ctx.p
    const known = Math.min(routes, 3 + Math.floor(i * 1.2))
    for (let n = 0; n < linesPerCycle; n++) {
      const route = `/api/cameras/${(i * 31 + n) % known}/frames`
      let log = ctx.children.get(route)
      if (!log) ctx.children.set(route, (log = ctx.logger.child({ route })))
      if (n % 50 === 0) log.warn({ seq: i * linesPerCycle + n, dropped: n % 7 }, 'frame dropped')
      else log.info({ seq: i * linesPerCycle + n, ms: n % 13, bytes: 1000 + n }, 'frame written')
    }
    // let SonicBoom's async writes drain, as an app's event loop would between requests
    await new Promise((done) => setImmediate(done))
    if ((i + 1) % rotateEvery === 0) {
      const rotated = `${ctx.file}.${i}`
      await new Promise((done) => ctx.destination.flush(done))
      await rename(ctx.file, rotated)
      ctx.destination.reopen()
      await unlink(rotated)
    }
  },
  async teardown(ctx) {
    ctx.children.clear()
    await new Promise((done) => ctx.destination.flush(done))
    await new Promise((done) => {
      ctx.destination.once('close', done)
      ctx.destination.end()
    })
    await removeScratchDir(ctx.dir)
  },
}
