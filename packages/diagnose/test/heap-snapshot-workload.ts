import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'

/**
 * A workload run for real in a child `node --expose-gc`: `body` defines `cycle(i)` at module
 * level; the child runs `warmup` cycles, writes before.heapsnapshot, runs `cycles` more,
 * writes after.heapsnapshot, then stays alive and answers `className` questions about heap
 * object ids (HeapProfiler.getObjectByHeapObjectId), so a test can check a reported id.
 */
export interface Workload {
  before: string
  after: string
  /** The class name V8 gives the object with this heap id in the child, or an error message. */
  classNameOf(nodeId: number): Promise<string>
  stop(): void
}

const CHILD = (body: string) => `
import v8 from 'node:v8'
import { Session } from 'node:inspector/promises'
import { closeSync, openSync, writeSync } from 'node:fs'
import { createInterface } from 'node:readline'

${body}

const [dir, warmup, cycles, via] = process.argv.slice(2)
const session = new Session()
session.connect()

async function snapshot(name) {
  globalThis.gc()
  const path = dir + '/' + name + '.heapsnapshot'
  if (via === 'v8') {
    v8.writeHeapSnapshot(path)
    return
  }
  // The way the diagnoser takes them: the inspector, chunk by chunk, in the same process.
  const fd = openSync(path, 'w')
  const write = (m) => writeSync(fd, m.params.chunk)
  session.on('HeapProfiler.addHeapSnapshotChunk', write)
  await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  session.off('HeapProfiler.addHeapSnapshotChunk', write)
  closeSync(fd)
}

let i = 0
for (const end = Number(warmup); i < end; i++) cycle(i)
await snapshot('before')
for (const end = i + Number(cycles); i < end; i++) cycle(i)
await snapshot('after')
process.stdout.write('ready\\n')
for await (const line of createInterface({ input: process.stdin })) {
  try {
    const { result } = await session.post('HeapProfiler.getObjectByHeapObjectId', { objectId: line.trim() })
    process.stdout.write((result.className ?? result.type) + '\\n')
  } catch (err) {
    process.stdout.write('error: ' + err.message + '\\n')
  }
}
`

export async function runWorkload(
  temp: { dir: string; write(name: string, text: string): string },
  name: string,
  body: string,
  options: { warmup: number; cycles: number; via: 'v8' | 'inspector' },
): Promise<Workload> {
  const dir = join(temp.dir, name)
  const script = temp.write(`${name}.mjs`, CHILD(body))
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }))
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--expose-gc', script, dir, String(options.warmup), String(options.cycles), options.via],
    { stdio: 'pipe' },
  )
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.done === true || first.value !== 'ready') {
    child.kill()
    throw new Error(`workload ${name} did not get ready: ${stderr}`)
  }
  return {
    before: join(dir, 'before.heapsnapshot'),
    after: join(dir, 'after.heapsnapshot'),
    async classNameOf(nodeId) {
      child.stdin.write(`${nodeId}\n`)
      const answer = await lines.next()
      return answer.done === true ? `error: child ended (${stderr})` : answer.value
    },
    stop: () => child.kill(),
  }
}
