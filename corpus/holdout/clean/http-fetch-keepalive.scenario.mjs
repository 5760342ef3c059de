// A node:http JSON API and a client using the global fetch (Node's bundled undici) with
// keep-alive: each cycle fetches 12 device documents and posts 2 status reports. The server
// memoises rendered device documents for its 800 devices; the client walks through all of
// them over the first third of the measured run, then only revisits.
import { createServer } from 'node:http'

export default {
  name: 'clean-http-fetch-keepalive',
  description: 'node:http server + global fetch (keep-alive) on 127.0.0.1; server memoises 800 device documents',
  clean: { why: 'the memo is bounded by the 800 devices; teardown closes every connection and the server' },
  cycles: 200,
  timeoutMs: 90_000,
  warmup: 5,
  params: { devices: 800, getsPerCycle: 12, postsPerCycle: 2 },
  async setup(p) {
    const rendered = new Map()
    const server = createServer((req, res) => {
      if (req.method === 'GET') {
        const id = Number(req.url.split('/').pop()) % p.devices
        let body = rendered.get(id)
        if (!body) rendered.set(id, (body = JSON.stringify({ id, name: `camera-${id}`, streams: Array.from({ length: 6 }, (_, s) => ({ s, url: `rtsp://10.0.${id % 250}.${s}/live`, fps: 25 })) })))
        res.writeHead(200, { 'content-type': 'application/json' }).end(body)
        return
      }
      let size = 0
      req.on('data', (d) => (size += d.length))
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, size })))
    })
    server.keepAliveTimeout = 60_000
    await new Promise((ready) => server.listen(0, '127.0.0.1', ready))
    return { p, server, rendered, base: `http://127.0.0.1:${server.address().port}`, ok: 0 }
  },
  async cycle(ctx, i) {
    const { getsPerCycle, postsPerCycle } = ctx.p
    const calls = []
    for (let r = 0; r < getsPerCycle; r++) calls.push(fetch(`${ctx.base}/devices/${i * getsPerCycle + r}`).then((res) => res.json()))
    for (let r = 0; r < postsPerCycle; r++) {
      const body = JSON.stringify({ camera: r, status: 'recording', at: i, dropped: r * 3 })
      calls.push(fetch(`${ctx.base}/status`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }).then((res) => res.json()))
    }
    ctx.ok += (await Promise.all(calls)).length
  },
  async teardown(ctx) {
    ctx.rendered.clear()
    // fetch's pool keeps idle sockets open; closing them from the server side ends both ends
    ctx.server.closeAllConnections()
    await new Promise((done) => ctx.server.close(done))
    await new Promise((done) => setTimeout(done, 100)) // the client sees the FIN and lets go
  },
}
