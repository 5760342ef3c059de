// A request context subscribes to the process-wide config bus so that a reload reaches
// in-flight work, and never unsubscribes when the request ends. Someone silenced the
// MaxListenersExceededWarning instead of fixing it: each request leaves its listener, and the
// context the listener closes over (~1.3 KB), on a long-lived emitter.
import { EventEmitter } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const configBus = new EventEmitter()
configBus.setMaxListeners(0)
let config = { version: 1, featureFlags: { newPricing: false }, rateLimit: 100 }

class RequestContext {
  constructor(id, tenant) {
    this.id = id
    this.tenant = tenant
    this.settings = { ...config, tenant, locale: tenant.endsWith('7') ? 'de-DE' : 'en-US' }
    this.breadcrumbs = [`start ${id}`, `tenant ${tenant}`, `flags ${JSON.stringify(config.featureFlags)}`]
    this.headers = Object.fromEntries(['accept', 'authorization', 'cookie', 'user-agent', 'x-trace-id', 'x-tenant'].map((h) => [h, `${h}:${tenant}:${id}`]))
    // The leak: registered per request, never removed.
    configBus.on('reload', (next) => {
      this.settings = { ...next, tenant }
    })
  }

  async run(random) {
    const rows = Array.from({ length: 40 }, () => ({ price: random() * 50, qty: 1 + pick(random, 5) }))
    await sleep(1) // the work waits on I/O in between
    const total = rows.reduce((sum, r) => sum + r.price * r.qty, 0)
    const limit = this.settings.rateLimit
    this.breadcrumbs.push(`total ${total.toFixed(2)} limit ${limit}`)
    return new Intl.NumberFormat(this.settings.locale, { style: 'currency', currency: 'EUR' }).format(total)
  }
}

export default {
  name: 'leak-emitter-listener',
  description: 'a listener (and the ~1.3 KB context it closes over) added per request to a long-lived EventEmitter',
  leak: { layer: 'heap', rate: '1.3 KB/cycle' },
  where: {
    kind: ['heap-object', 'heap-site'], what: ['RequestContext', 'closure', 'Function', 'EventEmitter', 'Array'],
    line: ["configBus.on('reload'", 'const ctx = new RequestContext('], fn: ['constructor(id, tenant)', 'async cycle({ random }, i)'],
  },
  cycles: 4000,
  setup: () => ({ random: seededRandom(7) }),
  async cycle({ random }, i) {
    const ctx = new RequestContext(`r${i}`, `tenant-${pick(random, 40)}`)
    await ctx.run(random)
    // Now and then the config changes and every listener so far runs.
    if (i % 500 === 499) {
      config = { ...config, version: config.version + 1, rateLimit: 100 + (i % 7) }
      configBus.emit('reload', config)
    }
  },
}
