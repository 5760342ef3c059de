// A video receiver keeps each frame in a jitter buffer until the decoder acknowledges it. The
// decoder skips corrupt frames without acknowledging them, and nothing times pending frames
// out: one frame in three (48 KB of pixels in a Buffer) stays in the map for good.
import { setImmediate as nextTurn } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const FRAME_BYTES = 48 * 1024

class JitterBuffer {
  pending = new Map()
  push(seq, frame) { this.pending.set(seq, frame) }
  ack(seq) { this.pending.delete(seq) }
}

/** Sums luma as a stand-in for decoding; reports a corrupt frame without acknowledging it. */
function decode(frame, corrupt) {
  if (corrupt) return undefined
  let sum = 0
  for (let p = 0; p < frame.length; p += 64) sum += frame[p]
  return sum
}

export default {
  name: 'leak-jitter-buffer',
  description: 'frames of corrupt packets are never acknowledged, so their Buffers stay in the jitter buffer (1 in 3 frames)',
  leak: { layer: ['buffers', 'native'], rate: '16 KB/cycle' }, // Buffer memory is malloc'd: both rise by the same bytes
  where: {
    kind: ['heap-object', 'heap-site'], what: ['Map', 'Buffer', 'FastBuffer', 'Uint8Array', 'ArrayBuffer', 'JitterBuffer'],
    line: ['push(seq, frame) { this.pending.set(seq, frame) }', 'const frame = Buffer.allocUnsafe(FRAME_BYTES)'], fn: 'async cycle({ random, jitter }, seq)',
  },
  cycles: 1500,
  setup: () => ({ random: seededRandom(5), jitter: new JitterBuffer() }),
  async cycle({ random, jitter }, seq) {
    const frame = Buffer.allocUnsafe(FRAME_BYTES).fill(pick(random, 256))
    jitter.push(seq, frame)
    await nextTurn() // the frame arrives on the socket, decoding runs a turn later
    const luma = decode(frame, seq % 3 === 2)
    if (luma !== undefined) jitter.ack(seq)
    await new Promise((resolve) => setTimeout(resolve, 2)) // the next packet's arrival
  },
}
