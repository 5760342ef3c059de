// An API handler that records per-request metrics for a dashboard. The dashboard reads the
// aggregate counters, but the per-request entries were meant to be pruned by a job that was
// never wired up: every request leaves about 1.2 KB in a module-level Map for good.
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const ROUTES = ['/orders', '/orders/:id', '/users/:id', '/search', '/cart/items']
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64)', 'okhttp/4.12.0', 'curl/8.5.0', 'python-requests/2.31']

/** Per-request entries keyed by request id: the leak. */
const requestLog = new Map()
const totals = { requests: 0, errors: 0, bytes: 0 }

async function handle(req) {
  const started = performance.now()
  const body = JSON.parse(req.body)
  await sleep(1) // the database round trip
  const items = body.items.map((item) => ({ ...item, total: item.qty * item.price }))
  const etag = createHash('sha1').update(JSON.stringify(items)).digest('hex')
  const response = JSON.stringify({ ok: true, etag, count: items.length })
  const status = items.length > 18 ? 422 : 200
  totals.requests++
  totals.bytes += response.length
  if (status >= 400) totals.errors++
  requestLog.set(req.id, {
    id: req.id, route: req.route, method: 'POST', status, etag,
    userAgent: `${req.agent} #${req.id}`, // unique strings, as real traffic has
    receivedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
    headers: { 'x-request-id': req.id, 'x-forwarded-for': req.ip, 'content-length': String(req.body.length) },
    skus: items.map((item) => item.sku),
    spans: ['auth', 'parse', 'db', 'price', 'render', 'send'].map((name, k) => ({ name, start: started + k, end: started + k + 0.5 })),
  })
  return response
}

export default {
  name: 'leak-request-log-map',
  description: 'per-request metrics kept in a module-level Map that is never pruned (~1.2 KB/request)',
  leak: { layer: 'heap', rate: '1.2 KB/cycle' },
  where: { kind: ['heap-object', 'heap-site'], what: ['Map'], line: 'requestLog.set(req.id, {', fn: 'async function handle(req)' },
  cycles: 4000,
  setup: () => ({ random: seededRandom(11) }),
  async cycle({ random }, i) {
    const items = Array.from({ length: 1 + pick(random, 20) }, (_, k) => ({ sku: `SKU-${pick(random, 5000)}`, qty: 1 + k, price: random() * 100 }))
    await handle({
      id: `req-${i.toString(36)}-${pick(random, 1e9).toString(36)}`,
      route: ROUTES[i % ROUTES.length], agent: AGENTS[i % AGENTS.length],
      ip: `10.0.${pick(random, 255)}.${pick(random, 255)}`,
      body: JSON.stringify({ items }),
    })
  },
}
