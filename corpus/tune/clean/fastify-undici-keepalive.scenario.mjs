// An HTTP API and its client on localhost: a fastify server with a JSON route and an ingest
// route, called through an undici Pool that keeps four connections alive. Each cycle sends a
// burst of 24 requests. The server keeps the last 700 ingested batches in an LRU for
// replay, which fills during the first third of the measured run; sockets, parsers and
// fastify's route caches reach their size in the first cycles.
import Fastify from 'fastify'
import { LRUCache } from 'lru-cache'
import { Pool } from 'undici'

export default {
  name: 'clean-fastify-undici-keepalive',
  description: 'fastify server + undici keep-alive Pool on 127.0.0.1: GET JSON and POST bodies; a 700-batch replay LRU',
  clean: { why: 'the replay LRU holds at most 700 batches; four pooled connections are reused; teardown closes the pool and the server' },
  cycles: 260,
  timeoutMs: 90_000,
  warmup: 5,
  params: { connections: 4, requestsPerCycle: 24, replay: 700 },
  async setup(p) {
    const app = Fastify({ logger: false, keepAliveTimeout: 60_000 })
    const devices = Array.from({ length: 50 }, (_, k) => ({ id: k, name: `camera-${k}`, fps: 30, online: k % 3 !== 0 }))
    app.get('/devices/:id', async (req) => devices[Number(req.params.id) % devices.length])
    const replay = new LRUCache({ max: p.replay })
    app.post('/frames', async (req) => {
      replay.set(`${req.body.camera}:${req.body.frames[0].seq}`, req.body.frames)
      return { received: req.body.frames.length, kept: replay.size }
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address()
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: p.connections, pipelining: 1, keepAliveTimeout: 60_000 })
    return { p, app, pool, replay, ok: 0 }
  },
  async cycle(ctx, i) {
    const calls = []
    for (let r = 0; r < ctx.p.requestsPerCycle; r++) {
      if (r % 3 === 0) {
        const body = JSON.stringify({ camera: r, frames: Array.from({ length: 120 }, (_, k) => ({ seq: i * 100 + k, size: 1234, keyframe: k === 0 })) })
        calls.push(ctx.pool.request({ path: '/frames', method: 'POST', body, headers: { 'content-type': 'application/json' } }))
      } else {
        calls.push(ctx.pool.request({ path: `/devices/${i + r}`, method: 'GET' }))
      }
    }
    for (const res of await Promise.all(calls)) {
      await res.body.json()
      if (res.statusCode === 200) ctx.ok++
    }
  },
  async teardown(ctx) {
    await ctx.pool.close()
    await ctx.app.close()
    ctx.replay.clear()
  },
}
