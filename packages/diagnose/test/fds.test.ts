import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type FdTarget, fdGrowth, readFdTargets } from '../src/fds.js'
import { pathPattern } from '../src/fds-pattern.js'

const files = (paths: string[]): FdTarget[] => paths.map((target, i) => ({ fd: 100 + i, target }))
const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i + 1))

describe('fdGrowth()', () => {
  it('puts 600 numbered temp files in one group, at one per cycle', () => {
    const before = files(['/dev/null', 'pipe:[1]'])
    const after = [...before, ...files(range(600, (i) => `/tmp/state-${i}.json.tmp`))]
    expect(fdGrowth(before, after, 600)).toEqual([
      { kind: 'fd', what: '/tmp/state-*.json.tmp', summary: '+600 fds → /tmp/state-*.json.tmp (1.0 per cycle)', count: 600, perCycle: 1 },
    ])
  })

  it('counts growth net, so connections replaced as they close are no leak', () => {
    const before = files(range(10, (i) => `tcp 127.0.0.1:${40000 + i} → 10.0.0.1:443`))
    const after = files(range(10, (i) => `tcp 127.0.0.1:${50000 + i} → 10.0.0.1:443`))
    expect(fdGrowth(before, after, 20)).toEqual([])
  })

  it('leaves out a pool that filled once, and orders what grew largest first', () => {
    const after = [
      ...files(range(10, (i) => `tcp 127.0.0.1:${40000 + i} → 10.0.0.1:443`)), // 10 over 600 cycles: a pool
      ...files(range(300, () => 'pipe:[7]')),
      ...files(range(600, () => 'anon_inode:[eventfd]')),
    ]
    expect(fdGrowth([], after, 600).map((f) => [f.what, f.count])).toEqual([
      ['anon_inode:[eventfd]', 600],
      ['pipe', 300],
    ])
  })

  it('needs 3 more when the cycles are few', () => {
    expect(fdGrowth([], files(['/a/x-1', '/a/x-2']), 4)).toEqual([])
    expect(fdGrowth([], files(['/a/x-1', '/a/x-2', '/a/x-3']), 4)).toHaveLength(1)
  })

  it('groups random names by their folder when no name pattern holds them', () => {
    // unique names without digits, which no name pattern joins
    const names = range(50, (i) => `/tmp/q/Tmp${i.toString(36).replace(/\d/g, (d) => 'QWERTYUIOP'.charAt(Number(d)))}`)
    expect(fdGrowth([], files(names), 50).map((f) => f.what)).toEqual(['/tmp/q/*'])
  })
})

// A real process that opens fds on cue: the test reads its /proc like the diagnosis pass does.
const CHILD = `
import { openSync, closeSync } from 'node:fs'
import { connect } from 'node:net'
const [dir, port, mode, n] = process.argv.slice(1)
const held = []
process.stdin.once('data', async () => {
  for (let i = 1; i <= Number(n); i++) {
    const fd = openSync(dir + '/state-' + i + '.json.tmp', 'w')
    if (mode === 'leaky') held.push(fd); else closeSync(fd)
  }
  let socket
  for (let i = 1; i <= Number(n) / 2; i++) {
    socket = connect(Number(port), '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    if (mode === 'leaky') held.push(socket); else socket.destroy()
  }
  await new Promise((resolve) => setTimeout(resolve, 50))
  process.stdout.write('end ' + (socket?.localPort ?? '') + '\\n')
})
process.stdout.write('baseline\\n')
`

describe.runIf(process.platform === 'linux')('readFdTargets() of a real process', () => {
  let dir: string
  let server: Server
  let port: number
  const children: ChildProcess[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leakwatch-fds-'))
    server = createServer((socket) => socket.on('error', () => {}))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as { port: number }).port
  })
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL')
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  })

  async function run(mode: 'leaky' | 'clean', n: number) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, dir, String(port), mode, String(n)], { stdio: ['pipe', 'pipe', 'inherit'] })
    children.push(child)
    const lines = (async function* () {
      let buffer = ''
      for await (const chunk of child.stdout!) {
        buffer += String(chunk)
        for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
          yield buffer.slice(0, at)
          buffer = buffer.slice(at + 1)
        }
      }
    })()
    expect((await lines.next()).value).toBe('baseline')
    const before = readFdTargets(child.pid)
    child.stdin!.write('go\n')
    const end = String((await lines.next()).value)
    const after = readFdTargets(child.pid)
    return { before: before!, after: after!, localPort: end.split(' ')[1] }
  }

  it('names the leaked temp files by pattern and the socket by its addresses', async () => {
    const { before, after, localPort } = await run('leaky', 40)
    expect(after.map((t) => t.target)).toContain(`tcp 127.0.0.1:${localPort} → 127.0.0.1:${port}`)
    const findings = fdGrowth(before, after, 40)
    const pattern = `${pathPattern(dir)}/state-*.json.tmp` // mkdtemp's random suffix is a `*` when it holds a digit
    expect(findings[0]).toMatchObject({ kind: 'fd', what: pattern, count: 40, perCycle: 1 })
    expect(findings[0]?.summary).toBe(`+40 fds → ${pattern} (1.0 per cycle)`)
    expect(findings[1]).toMatchObject({ kind: 'fd', what: `tcp to 127.0.0.1:${port}`, count: 20, perCycle: 0.5 })
    expect(findings[1]?.summary).toBe(`+20 fds → tcp to 127.0.0.1:${port} (0.50 per cycle)`)
    expect(findings).toHaveLength(2)
  })

  it('finds nothing in the clean twin, which closes what it opens', async () => {
    const { before, after } = await run('clean', 40)
    expect(fdGrowth(before, after, 40)).toEqual([])
  })

  it('reads this process too, and is undefined for a pid that is gone', () => {
    const own = readFdTargets()
    expect(own?.some((t) => t.fd === 0)).toBe(true)
    expect(readFdTargets(2 ** 22 + 1)).toBeUndefined()
  })
})
