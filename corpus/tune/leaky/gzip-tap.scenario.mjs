// An export job gzips each report through a stream pipeline. A debugging tap was added to
// keep the compressed chunks "for the last failure report", and it never lets go of them:
// every report's gzip output (one 16 KB zlib chunk) stays in a module-level array.
import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { pick, seededRandom } from '../../lib/random.mjs'

const capturedForDebug = []

/** A CSV report, 100 rows to a chunk as a paged database cursor hands them out. */
function reportRows(random, pages) {
  return Readable.from((function* rows() {
    for (let p = 0; p < pages; p++) {
      let page = ''
      for (let k = 0; k < 100; k++) page += `${p * 100 + k},${pick(random, 1e6)},${(random() * 1e4).toFixed(2)},${random() < 0.5 ? 'EUR' : 'USD'}\n`
      yield page
    }
  })())
}

const tap = () => new Transform({
  transform(chunk, _enc, done) {
    capturedForDebug.push(chunk)
    done(null, chunk)
  },
})

export default {
  name: 'leak-gzip-tap',
  description: 'a debugging tap in a gzip stream pipeline keeps every compressed chunk',
  leak: { layer: ['buffers', 'native'], rate: '16 KB/cycle' }, // Buffer memory is malloc'd: both rise by the same bytes
  where: {
    kind: ['heap-object', 'heap-site'], what: ['Array', 'Buffer', 'FastBuffer', 'Uint8Array', 'ArrayBuffer'],
    line: 'capturedForDebug.push(chunk)', fn: 'transform(chunk, _enc, done)',
  },
  cycles: 900,
  setup: () => ({ random: seededRandom(9) }),
  async cycle({ random }) {
    let bytes = 0
    const sink = new Writable({ write(chunk, _enc, done) { bytes += chunk.length; done() } })
    await pipeline(reportRows(random, 12), createGzip(), tap(), sink)
    return bytes
  },
}
