import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PROMETHEUS_CONTENT_TYPE } from './format-prometheus.js'

export interface ServeMetricsOptions {
  /** Default 0: a free port, read back from `port`. */
  port?: number
  /** Default `'127.0.0.1'`; `'0.0.0.0'` to be scraped from other hosts. */
  host?: string
  /** Default the Prometheus text format's. */
  contentType?: string
}

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  readonly port: number
  /** `http://<host>:<port>/metrics`. */
  readonly url: string
  close(): Promise<void>
}

/**
 * Serves `GET /metrics` with what `render` returns at each request (404 elsewhere, 500 with
 * one line when `render` throws), on `node:http`. Resolves once it listens; rejects when the
 * port is taken.
 *
 * @example
 * const server = await serveMetrics(() => formatPrometheus(sampleFamilies(latest)), { port: 9464 })
 */
export async function serveMetrics(render: () => string | Promise<string>, options: ServeMetricsOptions = {}): Promise<MetricsServer> {
  const { port = 0, host = '127.0.0.1', contentType = PROMETHEUS_CONTENT_TYPE } = options
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n')
      return
    }
    Promise.resolve()
      .then(render)
      .then(
        (body) => res.writeHead(200, { 'content-type': contentType }).end(body),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err instanceof Error ? err.message : String(err)}\n`),
      )
  })
  server.listen(port, host)
  await once(server, 'listening')
  const bound = (server.address() as AddressInfo).port
  return {
    port: bound,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}
