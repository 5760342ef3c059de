// A price-feed client (ws) subscribes to a WebSocket server on localhost. Every 8 requests the
// client "resubscribes" to pick up a new symbol list by opening a fresh WebSocket, and forgets
// the old one without close(): the server keeps pushing nothing to it, both ends stay open.
// Each leak is two sockets in this process: +2 fds, +2 TCP handles every 8 cycles.
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import WebSocket, { WebSocketServer } from 'ws'
import { pick, seededRandom } from '../../lib/random.mjs'

const RESUBSCRIBE_EVERY = 8

async function startFeed() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const { symbols } = JSON.parse(data)
      socket.send(JSON.stringify(symbols.map((s) => ({ s, bid: 100 + Math.random(), ask: 100.5 + Math.random() }))))
    })
  })
  await once(server, 'listening')
  return server
}

async function subscribe(port) {
  const client = new WebSocket(`ws://127.0.0.1:${port}/prices`)
  await once(client, 'open')
  return client
}

export default {
  name: 'leak-ws-resubscribe',
  description: 'a ws client that opens a new WebSocket on every resubscribe and never closes the old one',
  leak: { layer: ['fds', 'resources', 'heap'], rate: '2 sockets (and ~6 KB of their JS objects) / 8 cycles' },
  where: {
    kind: ['fd', 'handle', 'heap-object'], what: ['socket*', '*tcp*', '*127.0.0.1*', 'TCPSocketWrap', 'TCPWRAP', 'WebSocket', 'Socket'],
    line: ['const client = new WebSocket(', 'ctx.client = await subscribe(ctx.port)'], fn: 'async function subscribe(port)',
  },
  cycles: 1600,
  async setup() {
    const server = await startFeed()
    return { server, port: server.address().port, client: undefined, random: seededRandom(89) }
  },
  async cycle(ctx, i) {
    if (i % RESUBSCRIBE_EVERY === 0) ctx.client = await subscribe(ctx.port) // the old one is dropped, still open
    const symbols = Array.from({ length: 10 }, () => `SYM${pick(ctx.random, 300)}`)
    ctx.client.send(JSON.stringify({ symbols }))
    const [quotes] = await once(ctx.client, 'message')
    await sleep(2) // the quotes are shown, the user asks again
    return quotes.length
  },
  async teardown({ server, client }) {
    client?.close() // the subscription in use; the dropped ones stay open
    // stop accepting; the server's side of the leaked connections stays open, as in the program
    server.close()
  },
}
