// Each tenant's events go to its own log file through a pino logger on a pino.destination
// (a SonicBoom holding an open fd). Loggers are cached per tenant session; when a session ends
// the cache entry is dropped but the destination is never ended, so its fd stays open. A new
// session starts every 6 requests: +1 fd per 6 cycles, open after teardown.
import pino from 'pino'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'
import { makeScratchDir, removeScratchDir } from '../../lib/tmp.mjs'

const SESSION_REQUESTS = 6

export default {
  name: 'leak-pino-tenant-loggers',
  description: 'a pino logger with its own file destination per tenant session, never ended: +1 fd every 6 cycles',
  leak: { layer: 'fds', rate: '1 fd / 6 cycles' },
  where: { kind: 'fd', what: ['tenant-*.log'], line: 'ctx.dest = pino.destination(', fn: 'async cycle(ctx, i)' },
  cycles: 2400,
  async setup() {
    return { dir: await makeScratchDir('pino-tenants'), random: seededRandom(101), logger: undefined, dest: undefined }
  },
  async cycle(ctx, i) {
    if (i % SESSION_REQUESTS === 0) {
      // the leak: the previous session's destination is dropped without .end()
      ctx.dest = pino.destination({ dest: join(ctx.dir, `tenant-${i}.log`), sync: true, mkdir: true })
      ctx.logger = pino({ base: { tenant: `t${i}` } }, ctx.dest)
    }
    ctx.logger.info({ route: `/api/items/${pick(ctx.random, 900)}`, ms: Math.round(ctx.random() * 80) }, 'request served')
    await sleep(1) // the request itself
  },
  async teardown({ dir, dest }) {
    dest?.end() // the session in progress; the dropped ones stay open
    await removeScratchDir(dir) // the files go; the leaked descriptors stay open
  },
}
