// A metrics client sends StatsD-like lines over TCP to a collector on localhost. On every
// "reconnect" (each 10th flush, when the collector asks for a new session) it opens a new
// connection and drops the old one without ending it. Both ends live in this process, so each
// leak is two sockets: +2 fds and +2 TCP handles every 10 cycles, open after teardown.
import { once } from 'node:events'
import { createServer, connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const RECONNECT_EVERY = 10

function startCollector() {
  const server = createServer((socket) => {
    socket.setEncoding('utf8')
    socket.on('data', (lines) => socket.write(`ack ${lines.split('\n').length - 1}\n`))
  })
  server.listen(0, '127.0.0.1')
  return once(server, 'listening').then(() => server)
}

async function openClient(port) {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  socket.setEncoding('utf8')
  return socket
}

export default {
  name: 'leak-metrics-sockets',
  description: 'a metrics client that reconnects every 10 flushes and never ends the old TCP connection',
  leak: { layer: ['fds', 'resources', 'heap'], rate: '2 sockets (and ~4 KB of their JS objects) / 10 cycles' },
  where: {
    kind: ['fd', 'handle', 'heap-object'], what: ['socket*', '*tcp*', '*127.0.0.1*', 'TCPSocketWrap', 'TCPWRAP', 'Socket'],
    line: ["const socket = connect(port, '127.0.0.1')", 'ctx.client = await openClient(ctx.port)'], fn: 'async function openClient(port)',
  },
  cycles: 1500,
  async setup() {
    const server = await startCollector()
    return { server, port: server.address().port, client: undefined, random: seededRandom(29) }
  },
  async cycle(ctx, i) {
    if (i % RECONNECT_EVERY === 0) ctx.client = await openClient(ctx.port) // the old one is dropped, still open
    const lines = Array.from({ length: 20 }, (_, k) => `api.latency.${k}:${(ctx.random() * 200).toFixed(1)}|ms|#host:web-${pick(ctx.random, 8)}`)
    ctx.client.write(`${lines.join('\n')}\n`)
    await once(ctx.client, 'data')
    await sleep(2) // the flush interval
  },
  async teardown({ server, client }) {
    client?.end() // the connection in use; the dropped ones stay open
    server.close() // stops listening; the leaked connections stay open
  },
}
