// An HTTP app with leakwatch's MemoryMonitor, its memory exported through OpenTelemetry: an
// SDK MeterProvider whose reader is the Prometheus exporter, served on the app's own server.
// GET /metrics for Prometheus, GET /work for some work (?leak=1 keeps 1 MiB a call).
//
//   PORT=9464 node server.mjs            then  curl localhost:9464/metrics
//
// PORT (default 9464; 0 picks a free one), HOST (default 127.0.0.1), CHECK_INTERVAL_MS
// (default 60000) and WARMUP_MS (default 300000) for the monitor. With an OTLP exporter in
// place of PrometheusExporter the same instruments go to any OpenTelemetry backend.
import { createServer } from 'node:http'
import { openTelemetryMetrics } from '@leakwatch/metrics'
import { MemoryMonitor } from '@leakwatch/sampler'
import { metrics } from '@opentelemetry/api'
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus'
import { MeterProvider } from '@opentelemetry/sdk-metrics'

const env = (name, fallback) => (process.env[name] === undefined ? fallback : Number(process.env[name]))

// The exporter is a pull reader: it collects at each scrape. Its own server is not started;
// its request handler answers /metrics on the app's server below.
const exporter = new PrometheusExporter({ preventServerStart: true })
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }))

const monitor = new MemoryMonitor({ intervalMs: env('CHECK_INTERVAL_MS', 60_000), warmupMs: env('WARMUP_MS', 300_000) })
  .on('warning', (w) => console.warn(w.message))
  .on('recovered', (r) => console.info(r.message))
  .start()
const leakwatchMetrics = openTelemetryMetrics(monitor, { attributes: { service: 'example' } }) // the global meter 'leakwatch'

const kept = []
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (url.pathname === '/metrics') {
    exporter.getMetricsRequestHandler(req, res)
  } else if (url.pathname === '/work') {
    const buffer = Buffer.alloc(1 << 20, 1)
    if (url.searchParams.has('leak')) kept.push(buffer)
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
    leakwatchMetrics.unregister()
    monitor.stop()
    server.close()
    server.closeAllConnections()
  })
}
