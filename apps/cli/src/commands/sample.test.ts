import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { captureIo, nodeCommand } from '../../test/_io.js'
import { main } from '../main.js'

const TIMER_NOTE = "2^31-1 ms, about 24.8 days: Node's longest timer"

const started: ChildProcess[] = []
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL')
})

/** A process that runs until killed, for --pid. */
async function idleProcess() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  started.push(child)
  await once(child, 'spawn')
  return child
}

describe('leakwatch sample: bad input', () => {
  it.each([
    [[], "give --pid <pid> or a command after --, e.g. 'leakwatch sample -- node app.js'"],
    [['--pid', 'abc'], "--pid must be a whole number of at least 1, got 'abc'"],
    [['--pid', '0'], "--pid must be a whole number of at least 1, got '0'"],
    [['--pid', '1', '--interval', '0'], "--interval must be a whole number of at least 1, got '0'"],
    [['--pid', '1', '--interval', '2.5'], "--interval must be a whole number of at least 1, got '2.5'"],
    [['--pid', '1', '--duration=-3'], "--duration must be a number of at least 0.001, got '-3'"],
    [['--pid', '1', '--duration', '-3'], '--duration needs a value; one that starts with - is written --duration=<value>'],
    [['--pid', '1', '--format', 'xml'], "--format must be one of table, ndjson, got 'xml'"],
    [['--pid', '1', '--bogus'], "Unknown option '--bogus'"],
    [['--pid'], "Option '--pid <value>' argument missing"],
    [['--pid', '1', 'extra'], "unexpected argument 'extra'; put a command after --"],
    [['--pid', '1', '--', 'node'], 'give either --pid or a command, not both'],
    [['--pid', String(2 ** 22 + 7)], `no process with pid ${2 ** 22 + 7} (it may have exited)`],
    [['--', 'no-such-command-here'], "cannot start 'no-such-command-here': command not found"],
    [['--pid', '1', '--format', 'hasOwnProperty'], "--format must be one of table, ndjson, got 'hasOwnProperty'"],
    // past 2^31-1 ms Node fires a timer after 1 ms: 3,000,000 s would stop after one sample
    [['--pid', '1', '--interval', '2147483648'], `--interval must be at most 2147483647 (${TIMER_NOTE}), got '2147483648'`],
    [['--pid', '1', '--duration', '3000000'], `--duration must be at most 2147483.647 (${TIMER_NOTE}), got '3000000'`],
  ])('%j: one line, exit code 2', async (args, message) => {
    const { io, stdout, stderr } = captureIo()
    expect(await main(['sample', ...args], io)).toBe(2)
    expect(stderr()).toBe(`leakwatch: ${message}\n`)
    expect(stdout()).toBe('')
  })
})

describe('leakwatch sample: a command', () => {
  it('samples it as NDJSON until it exits, its output kept off stdout', async () => {
    const { io, stdout, stderr } = captureIo()
    const script = `console.log('hello from the command'); setTimeout(() => {}, 400)`
    expect(await main(['sample', '--format', 'ndjson', '--interval', '50', '--', ...nodeCommand(script)], io)).toBe(0)
    const samples = stdout().trim().split('\n').map((line) => JSON.parse(line))
    expect(samples.length).toBeGreaterThanOrEqual(4)
    for (const s of samples) expect(Object.keys(s)).toEqual(expect.arrayContaining(['t', 'rss', 'cpu']))
    expect(stderr()).toContain('hello from the command')
  })

  it('exits 1 and says so when the command fails', async () => {
    const { io, stderr } = captureIo()
    expect(await main(['sample', '--interval', '50', '--', ...nodeCommand('process.exitCode = 3')], io)).toBe(1)
    expect(stderr()).toContain('leakwatch: the command exited with code 3')
  })

  it('ends the command when the duration is up', async () => {
    const { io, stdout } = captureIo()
    const t0 = Date.now()
    const code = await main(['sample', '--interval', '50', '--duration', '0.3', '--', ...nodeCommand('setInterval(() => {}, 1000)')], io)
    expect(code).toBe(0)
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(stdout()).toMatch(/samples over/)
  })
})

describe('leakwatch sample --pid', () => {
  it.runIf(process.platform === 'linux')('refuses a zombie, which kill(pid, 0) still finds, as exited', async () => {
    // the background child exits once the shell has become `sleep`, which never reaps it
    const ZOMBIE = `(while [ "$(cat /proc/$$/comm)" != sleep ]; do sleep 0.01; done) & echo $!; exec sleep 30`
    const parent = spawn('sh', ['-c', ZOMBIE], { stdio: ['ignore', 'pipe', 'ignore'] })
    started.push(parent)
    const pid = Number(String((await once(parent.stdout, 'data'))[0]).trim())
    while (!/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'))) await new Promise((r) => setTimeout(r, 10))
    const { io, stdout, stderr } = captureIo()
    expect(await main(['sample', '--pid', String(pid)], io)).toBe(2)
    expect([stderr(), stdout()]).toEqual([`leakwatch: no process with pid ${pid} (it has exited)\n`, ''])
  })

  it('prints a table and a summary, and leaves the process running', async () => {
    const child = await idleProcess()
    const { io, stdout } = captureIo()
    expect(await main(['sample', '--pid', String(child.pid), '--interval', '50', '--duration', '0.3'], io)).toBe(0)
    const lines = stdout().trim().split('\n')
    expect(lines[0]).toMatch(/t \(s\)\s+rss MiB\s+\+MiB\s+cpu %\s+threads\s+fds/)
    expect(lines.length).toBeGreaterThanOrEqual(5)
    expect(lines.at(-1)).toMatch(/^\d+ samples over [\d.]+ s: rss [\d.]+ → [\d.]+ MiB .*threads \d+ → \d+; fds \d+ → \d+$/)
    expect(child.exitCode).toBeNull()
    expect(child.kill(0)).toBe(true)
  })

  it('stops on interruption, keeps what it measured and exits 130', async () => {
    const child = await idleProcess()
    const controller = new AbortController()
    const { io, stdout } = captureIo(controller.signal)
    const poll = setInterval(() => {
      if (stdout().split('\n').length > 3) controller.abort() // Ctrl-C once samples are coming
    }, 10)
    const code = await main(['sample', '--pid', String(child.pid), '--interval', '50', '--format', 'ndjson'], io)
    clearInterval(poll)
    expect(code).toBe(130)
    expect(stdout().trim().split('\n').length).toBeGreaterThanOrEqual(3)
  })

  it("ends when the process exits, with every sample up to then", async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)'], { stdio: 'ignore' })
    await once(child, 'spawn')
    const { io, stdout } = captureIo()
    expect(await main(['sample', '--pid', String(child.pid), '--interval', '30', '--format', 'ndjson'], io)).toBe(0)
    expect(stdout().trim().split('\n').length).toBeGreaterThanOrEqual(5)
  })
})
