// A service calls an internal HTTP API on localhost with undici, and builds a new Agent for
// every call to set a per-call timeout, instead of passing the timeout to one shared agent.
// The agents are never closed, and the keep-alive connection each one opened stays in its
// pool (the server allows 60 s of idle keep-alive): two sockets in this process per call
// made with its own agent, and the agent's objects (~30 KB of JS heap).
import { once } from 'node:events'
import { createServer } from 'node:http'
import { Server as NetServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { Agent, request } from 'undici'
import { pick, seededRandom } from '../../lib/random.mjs'

async function startInventoryApi() {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ sku: req.url.split('/').pop(), inStock: req.url.length % 3 !== 0, warehouse: 'north' }))
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return server
}

export default {
  name: 'leak-undici-agent-per-call',
  description: 'a new undici Agent per HTTP call, never closed: each keeps its keep-alive connection open',
  leak: { layer: ['fds', 'resources', 'heap'], rate: '2 fds, 1 handle and ~30 KB of JS heap / 2 cycles' },
  where: {
    kind: ['fd', 'handle', 'heap-object'], what: ['socket*', '*tcp*', '*127.0.0.1*', 'TCPSocketWrap', 'TCPWRAP', 'Agent', 'Socket', 'Client', 'Pool'],
    line: ['const dispatcher = i % 2 === 0 ? new Agent(', 'const res = await request('], fn: 'async cycle({ origin, random }, i)',
  },
  cycles: 500,
  async setup() {
    const server = await startInventoryApi()
    return { server, origin: `http://127.0.0.1:${server.address().port}`, random: seededRandom(97) }
  },
  async cycle({ origin, random }, i) {
    // the bug: an agent per call (for its timeouts); even calls reuse a shared agent correctly
    const dispatcher = i % 2 === 0 ? new Agent({ headersTimeout: 2_000, bodyTimeout: 2_000 }) : undefined
    const res = await request(`${origin}/stock/SKU-${pick(random, 5000)}`, dispatcher ? { dispatcher } : {})
    const stock = await res.body.json()
    await sleep(4) // the rest of the request that needed the stock level
    return stock.inStock
  },
  async teardown({ server }) {
    // Stop listening only: http's close() also ends idle keep-alive connections, which in
    // production belong to another process that outlives this one.
    NetServer.prototype.close.call(server)
  },
}
