// A message gateway compresses each client's messages with its own raw-deflate stream (context
// takeover, as permessage-deflate does) and keeps the stream in a Map by client id. A client
// that disconnects cleanly has its stream closed; one that drops with a socket error (1 in 8)
// takes the error path, which forgets to: its deflate state (window and hash tables, ~300 KB
// malloc'd by zlib) stays in the Map for good.
import { setTimeout as sleep } from 'node:timers/promises'
import { createDeflateRaw } from 'node:zlib'
import { pick, seededRandom } from '../../lib/random.mjs'

const compressors = new Map()

async function compress(clientId, text) {
  let deflate = compressors.get(clientId)
  if (!deflate) compressors.set(clientId, (deflate = createDeflateRaw()))
  deflate.write(text)
  await new Promise((resolve) => deflate.flush(resolve))
  return deflate.read()
}

function disconnect(clientId, withError) {
  if (withError) return // the leak: the error path skips the cleanup below
  compressors.get(clientId)?.close()
  compressors.delete(clientId)
}

export default {
  name: 'leak-deflate-contexts',
  description: "per-client zlib deflate streams kept in a Map; clients that drop with an error never have theirs closed",
  // Each lost stream also keeps its 16 KB output Buffer.
  leak: { layer: ['native', 'buffers'], rate: '37 KB/cycle native (one ~300 KB deflate state per 8 cycles), 2 KB/cycle buffers' },
  where: [
    { kind: ['heap-object', 'heap-site'], what: ['Map', 'DeflateRaw', 'Deflate', 'Zlib', 'ZlibBase'], line: 'if (!deflate) compressors.set(', fn: 'async function compress(clientId, text)' },
    { kind: 'native', what: ['*deflate*', '*zlib*'], line: 'if (!deflate) compressors.set(', fn: 'async function compress(clientId, text)' },
    { kind: 'handle', what: ['Zlib', 'ZLIB'], line: 'if (!deflate) compressors.set(', fn: 'async function compress(clientId, text)' },
  ],
  cycles: 1200,
  setup: () => ({ random: seededRandom(107) }),
  async cycle({ random }, i) {
    const clientId = `client-${i}`
    for (let m = 0; m < 4; m++) {
      await compress(clientId, JSON.stringify({ seq: m, channel: `room-${pick(random, 50)}`, text: 'status update '.repeat(20 + pick(random, 40)) }))
    }
    await sleep(2) // the client reads, then goes away
    disconnect(clientId, i % 8 === 7)
  },
}
