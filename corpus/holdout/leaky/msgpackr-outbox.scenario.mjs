// A device gateway encodes sensor messages with msgpackr and keeps each encoded Buffer in an
// outbox until the broker acknowledges it. Acks come back for most messages, but messages sent
// while the broker was failing over (one in four) are acknowledged under a new session id that
// the outbox does not know, so they are never removed: ~4 KB of Buffers per cycle.
import { Packr } from 'msgpackr'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const packr = new Packr()

class Outbox {
  pending = new Map()
  send(id, message) {
    // copy out of msgpackr's shared target buffer, as a socket write queue would
    const frame = Buffer.from(packr.pack(message))
    this.pending.set(id, frame)
    return frame
  }
  ack(id) { this.pending.delete(id) }
}

export default {
  name: 'leak-msgpackr-outbox',
  description: 'msgpackr-encoded frames kept until acked; acks for one message in four never match',
  leak: { layer: ['buffers', 'native'], rate: '4 KB/cycle' }, // Buffer memory is malloc'd: both rise by the same bytes
  where: {
    kind: ['heap-object', 'heap-site'], what: ['Map', 'Buffer', 'FastBuffer', 'Uint8Array', 'ArrayBuffer'],
    line: ['this.pending.set(id, frame)', 'const frame = Buffer.from(packr.pack(message))'], fn: 'send(id, message) {',
  },
  cycles: 3000,
  setup: () => ({ outbox: new Outbox(), random: seededRandom(71), session: 's1' }),
  async cycle({ outbox, random, session }, i) {
    const id = `${session}:${i}`
    const samples = new Float64Array(2000).map(() => random() * 100) // 16 KB of readings
    outbox.send(id, { device: `dev-${pick(random, 64)}`, at: Date.now(), samples })
    await sleep(1) // the broker's round trip
    const ackSession = i % 4 === 3 ? 's2' : session // failover: the ack names the new session
    outbox.ack(`${ackSession}:${i}`)
  },
}
