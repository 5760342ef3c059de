import { readFileSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { HandleTracker } from '../src/handles.js'
import { activeResourceCounts, resourceName, trackedByDefault } from '../src/handles-types.js'

const FILE = fileURLToPath(import.meta.url)
const SOURCE = readFileSync(FILE, 'utf8').split('\n')
/** The 1-based line of this file that holds `marker` (in a comment at the end of a line). */
const lineOf = (marker: string) => SOURCE.findIndex((line) => line.endsWith(`// ${marker}`)) + 1

/** Node delivers destroys on the next turn of the event loop. */
const settle = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)))
const noop = () => {}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
function track(types: ReadonlySet<string> | 'all', options?: { maxTracked: number }): HandleTracker {
  const tracker = new HandleTracker(options)
  tracker.start(types)
  cleanups.push(() => tracker.stop())
  return tracker
}

function startPoller(): NodeJS.Timeout {
  return setInterval(noop, 60_000) // poller-site
}

describe('HandleTracker: timers', () => {
  it('names the line of an interval never cleared, with a stack', async () => {
    const tracker = track(new Set(['Timeout']))
    for (let i = 0; i < 30; i++) cleanups.push(((timer) => () => clearInterval(timer))(startPoller()))
    await settle()
    const findings = tracker.growth(30)
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ kind: 'handle', what: 'Timeout', count: 30, perCycle: 1, site: { file: FILE, line: lineOf('poller-site'), function: 'startPoller' } })
    expect(findings[0]?.summary).toBe('Timeout +30 (1.0 per cycle)') // the site is shown by reporters, relative to the project
    // the caller's frames follow the site, Node's own are left out
    expect(findings[0]?.stack?.[0]).toEqual(findings[0]?.site)
    expect(findings[0]?.stack?.some((frame) => frame.file.startsWith('node:'))).toBe(false)
  })

  it('finds nothing when each interval is cleared (the clean twin)', async () => {
    const tracker = track(new Set(['Timeout']))
    for (let i = 0; i < 30; i++) clearInterval(startPoller())
    await settle()
    expect(tracker.growth(30)).toEqual([])
    expect(tracker.liveCounts()).toEqual({})
  })

  it("'all' tracks timers but not the transient immediates, ticks and promises", async () => {
    const tracker = track('all')
    for (let i = 0; i < 30; i++) {
      cleanups.push(((timer) => () => clearInterval(timer))(startPoller()))
      setImmediate(noop)
      process.nextTick(noop)
      void Promise.resolve()
    }
    await settle()
    expect(tracker.growth(30).map((f) => f.what)).toEqual(['Timeout'])
    expect(['PROMISE', 'TickObject', 'Immediate', 'FSREQCALLBACK', 'TCPCONNECTWRAP'].filter(trackedByDefault)).toEqual([])
  })

  it('counts resources past its limit without stacks', async () => {
    const tracker = track(new Set(['Timeout']), { maxTracked: 5 })
    for (let i = 0; i < 30; i++) cleanups.push(((timer) => () => clearInterval(timer))(startPoller()))
    const findings = tracker.growth(30)
    expect(findings.map((f) => [f.count, f.site?.line])).toEqual([[25, undefined], [5, lineOf('poller-site')]])
    expect(findings[0]?.summary).toContain('past the tracker’s limit')
  })

  it('reads only what was created since a mark', async () => {
    const tracker = track(new Set(['Timeout']))
    for (let i = 0; i < 30; i++) cleanups.push(((timer) => () => clearInterval(timer))(startPoller()))
    const mark = tracker.mark()
    for (let i = 0; i < 10; i++) cleanups.push(((timer) => () => clearInterval(timer))(startPoller()))
    await settle()
    expect(tracker.growth(10, undefined, { since: mark }).map((f) => f.count)).toEqual([10])
    expect(tracker.growth(10).map((f) => f.count)).toEqual([40])
  })

  it('says what getActiveResourcesInfo saw grow that it did not trace', () => {
    const tracker = track(new Set(['Timeout']))
    const findings = tracker.growth(20, { TCPSocketWrap: 20 })
    expect(findings).toMatchObject([{ kind: 'handle', what: 'TCPSocketWrap', count: 20 }])
    expect(findings[0]?.site).toBeUndefined()
  })
})

describe('HandleTracker: sockets', () => {
  async function listen(): Promise<{ server: Server; port: number; accepted: Socket[] }> {
    const accepted: Socket[] = []
    const server = createServer((socket) => accepted.push(socket))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise((resolve) => server.close(resolve)))
    cleanups.push(() => accepted.forEach((socket) => socket.destroy()))
    return { server, port: (server.address() as { port: number }).port, accepted }
  }

  async function open(port: number): Promise<Socket> {
    const socket = connect(port, '127.0.0.1') // socket-site
    await new Promise((resolve) => socket.once('connect', resolve))
    return socket
  }

  it('names the line that opened client sockets left open, in getActiveResourcesInfo naming', async () => {
    const { port } = await listen()
    const tracker = track(new Set(['TCPWRAP']))
    for (let i = 0; i < 10; i++) cleanups.push(((socket) => () => socket.destroy())(await open(port)))
    await settle()
    const findings = tracker.growth(10)
    const client = findings.find((f) => f.site !== undefined)
    expect(client).toMatchObject({ kind: 'handle', what: 'TCPSocketWrap', count: 10, site: { file: FILE, line: lineOf('socket-site') } })
    // the server's ends are accepted by libuv, with no JavaScript on the stack
    const accepted = findings.find((f) => f.site === undefined)
    expect(accepted).toMatchObject({ what: 'TCPSocketWrap', count: 10 })
    expect(accepted?.summary).toBe('TCPSocketWrap +10 (1.0 per cycle), created by Node with no user code on the stack')
  })

  it('finds nothing when the sockets are closed (the clean twin)', async () => {
    const { port, accepted } = await listen()
    const tracker = track(new Set(['TCPSocketWrap']))
    for (let i = 0; i < 10; i++) {
      const socket = await open(port)
      await new Promise<void>((resolve) => socket.end(() => resolve()))
      socket.destroy()
    }
    while (accepted.length < 10 || accepted.some((socket) => !socket.destroyed)) {
      accepted.forEach((socket) => socket.destroy())
      await settle()
    }
    await settle()
    expect(tracker.growth(10)).toEqual([])
  })
})

describe('HandleTracker: workers', () => {
  function startWorker(): Worker {
    return new Worker('setInterval(() => {}, 1000)', { eval: true }) // worker-site
  }

  it('reports each Worker never terminated as a thread, with the line that started it', async () => {
    const tracker = track(new Set(['WORKER']))
    for (let i = 0; i < 3; i++) {
      const worker = startWorker()
      cleanups.push(() => worker.terminate())
      await new Promise((resolve) => worker.once('online', resolve))
    }
    await settle()
    expect(tracker.growth(3)).toMatchObject([{ kind: 'thread', what: 'Worker', count: 3, site: { file: FILE, line: lineOf('worker-site') } }])
  })

  it('finds nothing when each Worker is terminated (the clean twin)', async () => {
    const tracker = track(new Set(['Worker']))
    for (let i = 0; i < 3; i++) {
      const worker = startWorker()
      await new Promise((resolve) => worker.once('online', resolve))
      await worker.terminate()
    }
    await settle()
    expect(tracker.growth(3)).toEqual([])
  })
})

describe('resource names', () => {
  it.each([
    ['TCPWRAP', 'TCPSocketWrap'],
    ['TCPSERVERWRAP', 'TCPServerWrap'],
    ['WORKER', 'Worker'],
    ['Timeout', 'Timeout'],
  ])('%s is %s, as getActiveResourcesInfo names it', (asyncType, name) => {
    expect(resourceName(asyncType)).toBe(name)
  })

  it('activeResourceCounts() counts live timers by name', () => {
    const before = activeResourceCounts().Timeout ?? 0
    const timer = setInterval(noop, 60_000)
    cleanups.push(() => clearInterval(timer))
    expect(activeResourceCounts().Timeout).toBe(before + 1)
  })
})
