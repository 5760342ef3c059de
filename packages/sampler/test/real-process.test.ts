import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { sampleProcess } from '../src/index.js'
import { ask, MB, startChild, stopChild } from './_children.js'

// These run on the real /proc of this machine and on real processes.

/**
 * Reads a count until two readings in a row agree: the test runner's own work (a file read,
 * a timer) can open and close descriptors and resources of this process for a moment.
 */
async function settled(read: () => Promise<number | undefined>): Promise<number | undefined> {
  let last = await read()
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 10))
    const next = await read()
    if (next === last) return next
    last = next
  }
  return last
}
const children: ReturnType<typeof startChild>[] = []
afterEach(async () => {
  await Promise.all(children.splice(0).map(stopChild))
})
function child(script: string) {
  const c = startChild(script)
  children.push(c)
  return c
}

const workerChild = `
const { Worker } = require('node:worker_threads')
let workers = []
process.on('message', async (m) => {
  if (m === 'start') {
    workers = Array.from({ length: 4 }, () => new Worker('setInterval(() => {}, 1000)', { eval: true }))
    await Promise.all(workers.map((w) => new Promise((r) => w.once('online', r))))
  } else {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  process.send(m)
})
process.send('ready')
`

describe.runIf(process.platform === 'linux')('sampleProcess() of another process, on Linux', () => {
  it('counts 4 more threads while 4 workers run, and as many as before once they end', async () => {
    const c = child(workerChild)
    await ask(c)
    const before = await sampleProcess(c.pid)
    await ask(c, 'start')
    const during = await sampleProcess(c.pid)
    await ask(c, 'stop')
    // the OS thread of a terminated worker is joined just after its exit event
    await expect.poll(async () => (await sampleProcess(c.pid)).threads, { timeout: 10_000 }).toBe(before.threads)
    expect(during.threads).toBe((before.threads ?? 0) + 4)
  })

  it('sees at least 190 MB more RSS after the child allocates and touches 200 MB', async () => {
    const c = child(`
      process.on('message', () => { globalThis.kept = Buffer.alloc(200 * 2 ** 20).fill(1); process.send('filled') })
      process.send('ready')`)
    await ask(c)
    const before = await sampleProcess(c.pid)
    await ask(c, 'fill')
    const after = await sampleProcess(c.pid)
    expect(after.rss - before.rss).toBeGreaterThanOrEqual(190 * MB)
  })

  it('measures RSS, CPU, threads and fds, and nothing only the process itself knows', async () => {
    const c = child(`process.send('ready'); setInterval(() => {}, 1000)`)
    await ask(c)
    const sample = await sampleProcess(c.pid)
    expect(sample.rss).toBeGreaterThan(10 * MB)
    expect(sample.cpu).toBeGreaterThan(0)
    expect(sample.threads).toBeGreaterThanOrEqual(1)
    expect(sample.handles).toBeGreaterThanOrEqual(3)
    for (const inside of ['heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'resources', 'resourceTypes']) {
      expect(sample).not.toHaveProperty(inside)
    }
  })

  it('tells its fds apart: 3 more files and 3 more sockets once it opens files and a TCP connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakwatch-kinds-'))
    try {
      const c = child(`
        const fs = require('node:fs'), net = require('node:net')
        process.on('message', () => {
          const files = [1, 2, 3].map(() => fs.openSync(${JSON.stringify(join(dir, 'f'))}, 'a'))
          // a listening socket, the client's end and the accepted end: three sockets
          const server = net.createServer((accepted) => process.send('open')).listen(0, '127.0.0.1', () => {
            net.connect(server.address().port, '127.0.0.1')
          })
        })
        process.send('ready')`)
      await ask(c)
      const before = await sampleProcess(c.pid)
      await ask(c, 'open')
      const after = await sampleProcess(c.pid)
      const { file, socket, pipe, other } = before.fdKinds ?? { file: 0, socket: 0, pipe: 0, other: 0 }
      expect(after.fdKinds).toEqual({ file: file + 3, socket: socket + 3, pipe, other })
      expect(after.handles).toBe((before.handles ?? 0) + 6)
      // its stdin is /dev/null, its stdout and stderr ours, its IPC channel a socket pair: all seen
      expect(file + socket + pipe + other).toBe(before.handles)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a pid that does not exist, with its code', async () => {
    const c = child(`process.exit(0)`)
    await new Promise((r) => c.once('exit', r))
    await expect(sampleProcess(c.pid)).rejects.toMatchObject({ code: 'LEAKWATCH_NO_SUCH_PID' })
  })

  it("reports permission denied for another user's process", async () => {
    // pid 1 is root's; as root, step down to 'nobody' for the read (forks pool: seteuid works here)
    const asRoot = process.getuid?.() === 0
    if (asRoot) process.seteuid?.(65534)
    try {
      await expect(sampleProcess(1)).rejects.toMatchObject({ code: 'LEAKWATCH_PERMISSION_DENIED' })
    } finally {
      if (asRoot) process.seteuid?.(0)
    }
  })
})

describe('sampleProcess() where there is no /proc', () => {
  it('takes RSS and CPU through pidusage and leaves threads and fds absent', async () => {
    const c = child(`process.send('ready'); setInterval(() => {}, 1000)`)
    await ask(c)
    const sample = await sampleProcess(c.pid, { platform: 'darwin' })
    expect(sample.rss).toBeGreaterThan(10 * MB)
    expect(sample.cpu).toBeGreaterThan(0)
    expect(Object.keys(sample).sort()).toEqual(['cpu', 'rss', 't'])
  })

  it('refuses a pid that does not exist, with its code', async () => {
    await expect(sampleProcess(2 ** 22 + 7, { platform: 'win32' })).rejects.toMatchObject({
      code: 'LEAKWATCH_NO_SUCH_PID',
    })
  })
})

describe('sampleProcess() of this process', () => {
  it('holds process.memoryUsage(), CPU and live resources', async () => {
    const sample = await sampleProcess()
    for (const key of ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'cpu', 'resources']) {
      expect(sample[key as keyof typeof sample], key).toBeTypeOf('number')
    }
  })

  it('counts a live timer as one more resource', async () => {
    // vitest's own timers come and go (more often on a loaded machine): the baseline is the
    // lower of the counts before and after
    const resources = async () => (await settled(async () => (await sampleProcess()).resources)) ?? 0
    const before = await resources()
    const timer = setInterval(() => {}, 1000)
    const during = await resources()
    clearInterval(timer)
    const after = await resources()
    expect(during).toBe(Math.min(before, after) + 1)
  })

  it('names the resources by type: 5 timers are Timeout +5, a listening server TCPServerWrap +1', async () => {
    // vitest's own timers come and go: the baseline is the lower of the counts before and after
    const count = (type: string) => settled(async () => (await sampleProcess()).resourceTypes?.[type] ?? 0)
    const before = [await count('Timeout'), await count('TCPServerWrap')]
    const timers = Array.from({ length: 5 }, () => setInterval(() => {}, 1000))
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    let during: (number | undefined)[]
    try {
      during = [await count('Timeout'), await count('TCPServerWrap')]
      const sample = await sampleProcess()
      expect(Object.values(sample.resourceTypes ?? {}).reduce((a, b) => a + b, 0)).toBe(sample.resources)
    } finally {
      for (const timer of timers) clearInterval(timer)
      await new Promise((closed) => server.close(closed))
    }
    const after = [await count('Timeout'), await count('TCPServerWrap')]
    const [timeouts, servers] = during.map((d, i) => (d ?? 0) - Math.min(before[i] ?? 0, after[i] ?? 0))
    // one more Timeout of vitest's own may be live at any one reading
    expect(timeouts).toBeGreaterThanOrEqual(5)
    expect(timeouts).toBeLessThanOrEqual(6)
    expect(servers).toBe(1)
  })

  it.runIf(process.platform === 'linux')('tells its own fds apart, without the one its listing opens', async () => {
    const kinds = () => settled(async () => {
      const { fdKinds, handles } = await sampleProcess()
      return fdKinds && handles === fdKinds.file + fdKinds.socket + fdKinds.pipe + fdKinds.other ? fdKinds.socket * 1000 + fdKinds.file : -1
    })
    const before = (await kinds()) ?? 0
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    const fd = openSync(process.execPath, 'r')
    try {
      expect(await kinds()).toBe(before + 1000 + 1) // one socket, one file, and they add up to handles
    } finally {
      closeSync(fd)
      server.close()
    }
  })

  it.runIf(process.platform === 'linux')('counts 50 more fds while 50 files are open, and as many as before once closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakwatch-fds-'))
    const file = join(dir, 'f')
    writeFileSync(file, '')
    try {
      const handles = () => settled(async () => (await sampleProcess()).handles)
      const before = (await handles()) ?? 0
      const fds = Array.from({ length: 50 }, () => openSync(file, 'r'))
      const during = await handles()
      for (const fd of fds) closeSync(fd)
      const after = await handles()
      expect([during, after]).toEqual([before + 50, before])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('merges in what its probes measure', async () => {
    const sample = await sampleProcess(undefined, { probes: [() => ({ nativeHeap: 1234 })] })
    expect(sample.nativeHeap).toBe(1234)
  })

  it('is the same with our own pid as without one', async () => {
    expect(Object.keys(await sampleProcess(process.pid)).sort()).toEqual(Object.keys(await sampleProcess()).sort())
  })
})
