// A pub/sub bus on an EventEmitter: dashboard clients subscribe (three listeners each, plus a
// per-client buffer of recent events), receive events, and unsubscribe when they disconnect.
// Clients connect faster than they leave until 300 are connected (the first third of the
// measured run), then arrivals and departures balance: listeners and buffers plateau.
import { EventEmitter } from 'node:events'
import { pick, seededRandom } from '../../lib/random.mjs'

class Client {
  constructor(bus, id) {
    this.bus = bus
    this.id = id
    this.recent = []
    this.onFrame = (e) => this.keep(e)
    this.onAlert = (e) => this.keep(e)
    this.onStatus = (e) => this.keep(e)
    bus.on('frame', this.onFrame)
    bus.on('alert', this.onAlert)
    bus.on('status', this.onStatus)
  }
  keep(event) {
    this.recent.push(event)
    if (this.recent.length > 50) this.recent.shift()
  }
  close() {
    this.bus.off('frame', this.onFrame)
    this.bus.off('alert', this.onAlert)
    this.bus.off('status', this.onStatus)
  }
}

export default {
  name: 'clean-event-bus-subscribers',
  description: 'EventEmitter bus: clients add three listeners on connect and remove them on disconnect',
  clean: { why: 'every disconnect removes the listeners its connect added; at most 300 clients are connected' },
  cycles: 4500,
  timeoutMs: 90_000,
  warmup: 10,
  params: { maxClients: 300, rampCycles: 1500 },
  setup(p) {
    const bus = new EventEmitter()
    bus.setMaxListeners(0) // hundreds of clients listen to one bus by design
    return { p, bus, clients: [], random: seededRandom(9), nextId: 0 }
  },
  cycle(ctx, i) {
    const { maxClients, rampCycles } = ctx.p
    const target = Math.min(maxClients, Math.ceil((maxClients * (i + 1)) / rampCycles))
    // churn: a few leave, then enough connect to reach the target
    for (let k = 0; k < 3 && ctx.clients.length > 0; k++) ctx.clients.splice(pick(ctx.random, ctx.clients.length), 1)[0].close()
    while (ctx.clients.length < target) ctx.clients.push(new Client(ctx.bus, ctx.nextId++))
    for (let e = 0; e < 10; e++) ctx.bus.emit(['frame', 'alert', 'status'][e % 3], { seq: i * 10 + e, camera: e, payload: `event ${i}:${e}` })
  },
  teardown(ctx) {
    for (const client of ctx.clients) client.close()
    ctx.clients.length = 0
    if (ctx.bus.listenerCount('frame') !== 0) throw new Error('listeners left on the bus')
  },
}
