// A small HTTP server for trying `leakwatch sample` and `leakwatch grade` on a process seen
// from outside. Idle by default. With LOAD=<requests a second> it sends itself that many
// requests a second over localhost (keep-alive), and with LEAK_KB=<n> every request leaves n KB
// behind in a module-level list, the way a per-request log that is never pruned does.
//
//   leakwatch sample --duration 30 --format ndjson -- node tools/demo/http-server.mjs > idle.ndjson
//   LOAD=50 LEAK_KB=30 leakwatch sample --duration 30 --format ndjson -- node tools/demo/http-server.mjs > leak.ndjson
import { Agent, createServer, get } from 'node:http'

const load = Number(process.env.LOAD ?? 0)
const leakBytes = Number(process.env.LEAK_KB ?? 0) * 1024
const kept = []

const server = createServer((req, res) => {
  // a flat string of that many bytes ('x'.repeat would build a rope that shares its pieces)
  if (leakBytes > 0) kept.push({ url: req.url, at: Date.now(), body: Buffer.alloc(leakBytes, 'x').toString('latin1') })
  res.end('ok\n')
})

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address()
  console.log(`demo server on http://127.0.0.1:${port}/${load ? `, ${load} requests a second` : ', idle'}`)
  if (!load) return
  const agent = new Agent({ keepAlive: true, maxSockets: 4 })
  let n = 0
  let inFlight = 0
  // at most 4 requests in flight: a tick that finds them all busy is skipped, so a starved
  // process never queues up a backlog of requests (that would be growth of its own)
  setInterval(() => {
    if (inFlight >= 4) return
    inFlight++
    const done = () => inFlight--
    get({ host: '127.0.0.1', port, path: `/item/${n++}`, agent }, (res) => res.resume().on('end', done)).on('error', done)
  }, 1000 / load)
})

process.on('SIGTERM', () => server.close(() => process.exit(0)))
