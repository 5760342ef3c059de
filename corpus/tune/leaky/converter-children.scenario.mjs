// A job runner pipes each document through an external converter process (`cat` stands in for
// a real converter that reads stdin until EOF). On the normal path it ends stdin and waits for
// the process to exit. When a job's result is already cached (1 in 6) it returns early and
// leaves the converter it had just spawned waiting on its stdin forever: a live child process,
// its three pipes (3 fds) and their libuv handles, per early return.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

async function convert(doc, cached) {
  const converter = spawn('cat', [], { stdio: ['pipe', 'pipe', 'pipe'] })
  if (cached) return cached // the leak: the converter is never ended or killed
  let out = ''
  converter.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk))
  converter.stdin.end(doc)
  await once(converter, 'close')
  return out.length
}

export default {
  name: 'leak-converter-children',
  skip: () => (process.platform === 'win32' ? 'needs a POSIX cat' : undefined),
  description: 'an external converter process spawned per job and left waiting on stdin when the result was cached (1 in 6)',
  // Node's stdio pipes are socket pairs (the fds show as sockets); the ChildProcess and its
  // streams are ~5 KB of JS heap.
  leak: { layer: ['processes', 'fds', 'resources', 'heap'], rate: '1 child process (3 fds, 4 handles, ~5 KB heap) / 6 cycles' },
  where: {
    kind: ['handle', 'fd', 'heap-object'], what: ['ProcessWrap', 'PROCESSWRAP', 'PipeWrap', 'PIPEWRAP', 'ChildProcess', 'socket*', 'pipe*'],
    line: "const converter = spawn('cat'", fn: 'async function convert(doc, cached)',
  },
  cycles: 600,
  setup: () => ({ random: seededRandom(109), cache: new Map() }),
  async cycle({ random, cache }, i) {
    const doc = `# report ${i}\n${'line of text\n'.repeat(50 + pick(random, 50))}`
    const hit = i % 6 === 5 ? cache.get('last') ?? 1 : undefined
    cache.set('last', await convert(doc, hit))
    await sleep(2) // the next job is picked up
  },
}
