// An HTTP app with leakwatch's MemoryMonitor, its memory exported to Prometheus through
// prom-client: GET /metrics for Prometheus, GET /work for some work (?leak=1 keeps 1 MiB a call).
//
//   PORT=9464 node server.mjs            then  curl localhost:9464/metrics
//
// PORT (default 9464; 0 picks a free one), HOST (default 127.0.0.1; 0.0.0.0 to be scraped from
// elsewhere), CHECK_INTERVAL_MS (default 60000) and WARMUP_MS (default 300000) for the monitor.
import { createServer } from 'node:http'
import { prometheusCollector } from '@leakwatch/metrics'
import { MemoryMonitor } from '@leakwatch/sampler'
import { collectDefaultMetrics, register } from 'prom-client'

const env = (name, fallback) => (process.env[name] === undefined ? fallback : Number(process.env[name]))

const monitor = new MemoryMonitor({ intervalMs: env('CHECK_INTERVAL_MS', 60_000), warmupMs: env('WARMUP_MS', 300_000) })
  .on('warning', (w) => console.warn(w.message))
  .on('recovered', (r) => console.info(r.message))
  .start()
prometheusCollector(monitor, { labels: { service: 'example' } })
collectDefaultMetrics() // prom-client's own process metrics, beside leakwatch's (optional)

const kept = []
const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (url.pathname === '/metrics') {
    res.writeHead(200, { 'content-type': register.contentType }).end(await register.metrics())
  } else if (url.pathname === '/work') {
    const buffer = Buffer.alloc(1 << 20, 1)
    if (url.searchParams.has('leak')) kept.push(buffer) // a leak to watch grow
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kept: kept.length }))
  } else {
    res.writeHead(404).end('GET /metrics or /work\n')
  }
})

server.listen(env('PORT', 9464), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address()
  console.log(`metrics on http://${address}:${port}/metrics, work on http://${address}:${port}/work`)
})

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    monitor.stop()
    server.close()
    server.closeAllConnections()
  })
}
