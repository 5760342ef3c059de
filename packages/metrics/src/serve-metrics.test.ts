import { afterEach, describe, expect, it } from 'vitest'
import { PROMETHEUS_CONTENT_TYPE } from './format-prometheus.js'
import { type MetricsServer, serveMetrics } from './serve-metrics.js'

let server: MetricsServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('serveMetrics()', () => {
  it('serves what render returns at GET /metrics, rendered at each request', async () => {
    let n = 0
    server = await serveMetrics(() => `x ${++n}\n`)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`)
    const first = await fetch(server.url)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE)
    expect(await first.text()).toBe('x 1\n')
    expect(await (await fetch(`${server.url}?x=1`)).text()).toBe('x 2\n')
  })

  it('answers 404 elsewhere and 500 with one line when render fails', async () => {
    server = await serveMetrics(async () => {
      throw new Error('no sample yet')
    })
    const other = await fetch(`http://127.0.0.1:${server.port}/`)
    expect(other.status).toBe(404)
    await other.text()
    const failed = await fetch(server.url)
    expect(failed.status).toBe(500)
    expect(await failed.text()).toBe('no sample yet\n')
  })

  it('rejects when the port is taken', async () => {
    server = await serveMetrics(() => '')
    await expect(serveMetrics(() => '', { port: server.port })).rejects.toThrow(/EADDRINUSE/)
  })
})
