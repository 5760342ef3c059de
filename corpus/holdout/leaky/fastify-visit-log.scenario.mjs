// A fastify API on localhost, driven by an undici keep-alive pool as a real client would. Its
// tracking route stores each request's details in a module-level Map "for the analytics
// export", which nothing ever empties: ~0.9 KB per request, a slow leak in a real server.
import Fastify from 'fastify'
import { Pool } from 'undici'
import { pick, seededRandom } from '../../lib/random.mjs'

const visits = new Map() // the leak

function buildApp() {
  const app = Fastify({ logger: false })
  app.post('/track', async (request) => {
    const { page, referrer, tags } = request.body
    visits.set(request.id + ':' + Date.now(), {
      page, referrer, tags, ip: request.ip, at: new Date().toISOString(), headers: { ...request.headers },
    })
    return { ok: true, page }
  })
  app.get('/health', async () => ({ ok: true }))
  return app
}

export default {
  name: 'leak-fastify-visit-log',
  description: 'a fastify route that keeps every request in a module-level Map, driven over HTTP by undici',
  leak: { layer: 'heap', rate: '0.9 KB/cycle' },
  where: { kind: ['heap-object', 'heap-site'], what: ['Map'], line: "visits.set(request.id + ':' + Date.now(), {", fn: "app.post('/track', async (request) => {" },
  cycles: 3000,
  async setup() {
    const app = buildApp()
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    return { app, client: new Pool(url, { connections: 2 }), random: seededRandom(61) }
  },
  async cycle({ client, random }, i) {
    const body = JSON.stringify({
      page: `/products/${pick(random, 5000)}?variant=${pick(random, 12)}`, referrer: `https://search.example/?q=item+${pick(random, 1e6)}`,
      tags: Array.from({ length: 6 }, (_, k) => `tag-${k}-${pick(random, 300)}`),
    })
    const res = await client.request({
      method: 'POST', path: '/track', body,
      headers: { 'content-type': 'application/json', 'user-agent': `shop-app/3.${i % 20} (Android ${10 + (i % 5)})`, 'accept-language': 'en-GB,en;q=0.8' },
    })
    await res.body.json()
  },
  async teardown({ app, client }) {
    await client.close()
    await app.close()
  },
}
