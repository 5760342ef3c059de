// Each tenant's settings live in a JSON file, and the service watches it with fs.watch to pick
// up edits without a restart. A tenant's watcher is set up when its first request arrives; when
// the tenant's cached settings expire, the cache entry is dropped but the watcher is never
// closed, and the next request sets up another. One more live FSEvent handle every 5 cycles,
// still there after teardown. libuv shares one inotify fd among all watchers: the fds rise
// by that one only, and it stays open as long as any watcher does.
import { watch, writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'
import { makeScratchDir, removeScratchDir } from '../../lib/tmp.mjs'

const TENANTS = 20

class SettingsCache {
  entries = new Map()
  constructor(dir) { this.dir = dir }

  get(tenant) {
    let entry = this.entries.get(tenant)
    if (!entry) {
      const file = join(this.dir, `${tenant}.json`)
      entry = { settings: JSON.parse(readFileSync(file, 'utf8')), watcher: watch(file, () => { entry.stale = true }) }
      this.entries.set(tenant, entry)
    }
    return entry.settings
  }

  expire(tenant) {
    this.entries.delete(tenant) // the leak: entry.watcher.close() is missing
  }
}

export default {
  name: 'leak-tenant-config-watchers',
  description: 'fs.watch per tenant settings file, re-created after each cache expiry and never closed',
  leak: { layer: ['resources', 'fds'], rate: '1 FSEvent handle / 5 cycles (and the one inotify fd they share)' },
  where: {
    kind: ['handle', 'heap-object', 'fd'], what: ['FSEvent*', 'FSWatcher', '*inotify*'],
    line: 'entry = { settings: JSON.parse(readFileSync(file', fn: 'get(tenant) {',
  },
  cycles: 3200,
  async setup() {
    const dir = await makeScratchDir('config-watchers')
    for (let t = 0; t < TENANTS; t++) writeFileSync(join(dir, `t${t}.json`), JSON.stringify({ tenant: t, plan: t % 3 ? 'pro' : 'free', limits: { rps: 10 * (t + 1) } }))
    return { dir, cache: new SettingsCache(dir), random: seededRandom(83) }
  },
  async cycle({ cache, random }, i) {
    const tenant = `t${pick(random, TENANTS)}`
    const settings = cache.get(tenant)
    if (i % 5 === 4) cache.expire(tenant) // the TTL of one tenant's settings runs out
    await sleep(1) // the request is served with `settings`
    return settings.plan
  },
  async teardown({ dir }) {
    await removeScratchDir(dir)
  },
}
