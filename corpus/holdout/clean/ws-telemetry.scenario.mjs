// A WebSocket telemetry hub with ws on localhost: four clients stream JSON and binary frames,
// the server echoes acknowledgements and fans a summary out to every client. The server keeps
// each client's last 1,500 messages for late joiners; the ring fills during the first third.
import { WebSocket, WebSocketServer } from 'ws'

export default {
  name: 'clean-ws-telemetry',
  description: 'ws WebSocketServer + four ws clients: text and binary frames, acks and broadcasts',
  clean: { why: 'per-client rings hold 1,500 messages; teardown closes clients, then the server' },
  cycles: 1000,
  timeoutMs: 90_000,
  warmup: 5,
  params: { clients: 4, perCycle: 8, ring: 1500 },
  async setup(p) {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise((ready) => wss.once('listening', ready))
    const rings = new Map()
    wss.on('connection', (socket) => {
      const ring = []
      rings.set(socket, ring)
      socket.on('message', (data, isBinary) => {
        ring.push(isBinary ? Buffer.from(data) : data.toString())
        if (ring.length > p.ring) ring.shift()
        socket.send(JSON.stringify({ ack: ring.length }))
      })
      socket.on('close', () => rings.delete(socket))
    })
    const url = `ws://127.0.0.1:${wss.address().port}`
    const clients = await Promise.all(
      Array.from({ length: p.clients }, () => new Promise((ready, fail) => {
        const ws = new WebSocket(url)
        ws.once('open', () => ready(ws))
        ws.once('error', fail)
      })),
    )
    return { p, wss, clients, rings, acks: 0 }
  },
  async cycle(ctx, i) {
    const { perCycle } = ctx.p
    const acked = ctx.clients.map((ws) => new Promise((done) => {
      let left = perCycle
      const onAck = (data) => {
        if (!String(data).startsWith('{"ack"')) return // a broadcast, not an ack
        ctx.acks++
        if (--left === 0) {
          ws.off('message', onAck)
          done()
        }
      }
      ws.on('message', onAck)
    }))
    for (const [c, ws] of ctx.clients.entries()) {
      for (let m = 0; m < perCycle; m++) {
        if (m % 2) ws.send(Buffer.alloc(512, (i + m) & 0xff))
        else ws.send(JSON.stringify({ camera: c, seq: i * perCycle + m, fps: 25, bitrate: 4000 + m }))
      }
    }
    await Promise.all(acked)
    for (const socket of ctx.wss.clients) socket.send(JSON.stringify({ summary: i, clients: ctx.wss.clients.size }))
  },
  async teardown(ctx) {
    await Promise.all(ctx.clients.map((ws) => new Promise((done) => {
      ws.once('close', done)
      ws.close()
    })))
    await new Promise((done) => ctx.wss.close(done))
    ctx.rings.clear()
  },
}
