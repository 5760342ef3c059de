import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { groupMembers, killGroup } from '@leakwatch/sampler'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { main } from '../src/main.js'
import { captureIo } from './_io.js'
import { childrenOf, until } from './_processes.js'

// `leakwatch watch` as a user runs it: bad usage, then the built bin on real processes
// (watch-parts.test.ts tests its parts without a process).

const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const cliDir = fileURLToPath(new URL('..', import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/watch/${name}`, import.meta.url))
const { dir } = tempFolder('leakwatch-watch-')
let outs = 0
const newOut = () => join(dir, `out-${++outs}`)
const MiB = 1024 * 1024

describe('leakwatch watch: bad usage', () => {
  it.each([
    [[], "give --pid <pid> or a command after --, e.g. 'leakwatch watch -- node server.js'"],
    [['--pid', '1', '--', 'node'], 'give either --pid or a command, not both'],
    [['--pid', String(2 ** 22 + 7)], `no process with pid ${2 ** 22 + 7} (it may have exited)`],
    [['--pid', '1', '--interval', '0'], "--interval must be a whole number of at least 1, got '0'"],
    [['--pid', '1', '--reporter', 'bogus'], /^--reporter must be one of console, json, .*got 'bogus'$/],
    [['--pid', '1', 'extra'], "unexpected argument 'extra'; put a command after --"],
    [['--pid', '1', '--interval', '-5'], '--interval needs a value; one that starts with - is written --interval=<value>'],
    [['--', 'no-such-command-here'], "cannot start 'no-such-command-here': command not found"],
    [['--', './not-here.sh'], "cannot start './not-here.sh': command not found"],
    [['--pid', '1', '--interval=-5'], "--interval must be a whole number of at least 1, got '-5'"],
  ])('%j: one line, exit 2, no output folder', async (args, message) => {
    const out = newOut()
    const { io, stdout, stderr } = captureIo()
    expect(await main(['watch', '--out', out, ...args], io)).toBe(2)
    const line = stderr().replace(/^leakwatch: /, '').replace(/\n$/, '')
    if (typeof message === 'string') expect(line).toBe(message)
    else expect(line).toMatch(message)
    expect(stdout()).toBe('')
    expect(existsSync(out)).toBe(false)
  })

  it('a samples file it cannot create: one line, exit 2, before the command is started', async () => {
    const out = newOut()
    mkdirSync(out)
    writeFileSync(join(out, 'samples'), 'a file where the samples folder goes\n')
    const marker = join(out, 'started')
    const { io, stdout, stderr } = captureIo()
    const code = await main(['watch', '--out', out, '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`], io)
    expect([code, stdout()]).toEqual([2, ''])
    expect(stderr()).toMatch(/^leakwatch: cannot write .*samples\/watch-node\.ndjson: (EEXIST|ENOTDIR)\n$/)
    expect(existsSync(marker)).toBe(false)
    expect(existsSync(join(out, '.leakwatch.lock'))).toBe(false)
  })

  it('--help names the exit codes', async () => {
    const { io, stdout } = captureIo()
    expect(await main(['watch', '--help'], io)).toBe(0)
    expect(stdout()).toMatch(/^Usage: leakwatch watch \[options\] --pid <pid>/)
    expect(stdout()).toContain('130 interrupted (after the reports are written)')
  })
})

// The bin as a user runs it, on real processes
const clis: ChildProcess[] = []
const started: ChildProcess[] = []
const groups: number[] = []
afterEach(() => {
  for (const cli of clis.splice(0)) cli.kill('SIGKILL')
  for (const child of started.splice(0)) child.kill('SIGKILL')
  for (const pgid of groups.splice(0)) killGroup(pgid)
})

function leakwatch(args: string[], env: Record<string, string> = {}) {
  const cli = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  clis.push(cli)
  const output = { stdout: '', stderr: '' }
  cli.stdout.on('data', (d: Buffer) => (output.stdout += d.toString()))
  cli.stderr.on('data', (d: Buffer) => (output.stderr += d.toString()))
  const exit = once(cli, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return { cli, output, exit }
}

const results = (out: string) => JSON.parse(readFileSync(join(out, 'leakwatch-results.json'), 'utf8'))
const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n')

describe.runIf(process.platform === 'linux')('leakwatch watch on real processes', () => {
  beforeAll(() => {
    if (!existsSync(join(cliDir, 'dist/index.js'))) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before `test`)')
  })

  it('fails a program that keeps 20 MiB/s, exit 1, with the results and every sample written', async () => {
    const out = newOut()
    const run = leakwatch(['watch', '--duration', '3', '--interval', '100', '--out', out, '--', process.execPath, fixture('leaky.mjs')])
    const [code] = await run.exit
    expect(code, run.output.stderr).toBe(1)
    const scenario = results(out).scenarios[0]
    expect(scenario).toMatchObject({ name: 'watch-node-leaky.mjs', suite: 'watch', status: 'fail', verdict: { decidedBy: 'rss' } })
    expect(scenario.plan.durationMs).toBeGreaterThanOrEqual(3000)
    expect(scenario.samplesFile).toBe(join(out, 'samples', 'watch-node-leaky.mjs.ndjson'))
    expect(lines(scenario.samplesFile).length).toBeGreaterThanOrEqual(15)
    expect(run.output.stdout).toMatch(/^\[0:00:00\] rss /m) // the heartbeat, without a terminal
    expect(run.output.stdout).toContain('FAIL')
  })

  it('passes a program that keeps nothing, exit 0', async () => {
    const out = newOut()
    const run = leakwatch(['watch', '--duration', '4', '--interval', '100', '--out', out, '--reporter', 'json', '--', process.execPath, fixture('flat.mjs')])
    const [code] = await run.exit
    const scenario = results(out).scenarios[0]
    // a pass alone on the machine; a loaded machine may stretch the start-up into a warn, never a fail
    expect(code, scenario.verdict?.reasons.join('\n')).toBe(0)
    expect(['pass', 'warn']).toContain(scenario.status)
    expect(run.output.stdout).toMatch(/\n(PASS|WARN)/) // the verdict, printed though the console reporter was not asked for
  })

  it('ends when the command exits by itself, with a verdict on what it measured', async () => {
    const out = newOut()
    const begun = Date.now()
    const run = leakwatch(['watch', '--interval', '100', '--out', out, '--', process.execPath, fixture('flat.mjs')], { EXIT_AFTER_MS: '2500' })
    const [code] = await run.exit
    expect(Date.now() - begun).toBeLessThan(20_000)
    expect(code, run.output.stderr).toBe(0)
    const report = results(out)
    expect(report.interrupted).toBe(false)
    expect(['pass', 'warn']).toContain(report.scenarios[0].status)
    expect(report.scenarios[0].verdict.durationMs).toBeGreaterThan(0)
  })

  it('a command that fails before there are enough samples: says so, exit 1', async () => {
    const out = newOut()
    const run = leakwatch(['watch', '--interval', '100', '--out', out, '--', process.execPath, fixture('flat.mjs')], { EXIT_AFTER_MS: '300', EXIT_CODE: '3' })
    const [code] = await run.exit
    expect(code).toBe(1)
    const scenario = results(out).scenarios[0]
    expect(scenario.status).toBe('error')
    expect(scenario.error).toMatch(/flat\.mjs exited with code 3 after \d+\.\d s, before there were enough samples for a verdict/)
  })

  it('Ctrl-C writes the verdict and the reports, exits 130 and leaves no process behind', async () => {
    const out = newOut()
    const run = leakwatch(['watch', '--interval', '100', '--out', out, '--', process.execPath, fixture('leaky.mjs')])
    const samplesFile = join(out, 'samples', 'watch-node-leaky.mjs.ndjson')
    let pgid: number | undefined
    await until(() => {
      pgid ??= childrenOf(run.cli.pid as number).find((c) => c.name === 'node' && c.pid === c.pgid)?.pgid
      return pgid !== undefined && existsSync(samplesFile) && lines(samplesFile).length >= 15
    }, 'the watch to take 15 samples')
    groups.push(pgid as number)
    run.cli.kill('SIGINT')
    const [code] = await run.exit
    expect(code).toBe(130)
    const report = results(out)
    expect(report).toMatchObject({ interrupted: true, scenarios: [{ name: 'watch-node-leaky.mjs' }] })
    expect(['fail', 'warn']).toContain(report.scenarios[0].status)
    expect(run.output.stdout).toContain('interrupted: ')
    expect(groupMembers(pgid as number)).toEqual([])
  })

  it('--metrics serves the watched process and the running verdict to a Prometheus scrape while it runs', async () => {
    const out = newOut()
    const run = leakwatch(['watch', '--duration', '60', '--interval', '100', '--metrics', '0', '--out', out, '--reporter', 'json', '--', process.execPath, fixture('leaky.mjs')])
    let url: string | undefined
    await until(() => (url = /metrics: (http:\/\/\S+\/metrics)/.exec(run.output.stdout)?.[1]) !== undefined, 'the metrics URL')
    let text = ''
    for (const deadline = Date.now() + 40_000; !/^leakwatch_watch_verdict\{target="[^"]*leaky\.mjs"\} [12]$/m.test(text); ) {
      if (Date.now() > deadline) throw new Error(`no verdict in the scrape after 40 s:\n${text}`)
      await new Promise((r) => setTimeout(r, 200))
      text = await (await fetch(url as string)).text()
    }
    const rss = Number(/^leakwatch_rss_bytes\{target="[^"]*leaky\.mjs"\} (\d+)$/m.exec(text)?.[1])
    expect(rss).toBeGreaterThan(20 * MiB)
    expect(text).toMatch(/^# TYPE leakwatch_threads gauge$/m)
    expect(text).toMatch(/^leakwatch_open_fds\{target="[^"]*leaky\.mjs"\} \d+$/m)
    run.cli.kill('SIGINT') // the running verdict is in: end the watch
    const [code] = await run.exit
    expect(code).toBe(130)
    await expect(fetch(url as string)).rejects.toThrow() // closed with the watch
  })

  // util-linux's `script` gives the bin a real pseudo-terminal, 60 columns wide
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') ?? false
  const terminalEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NO_COLOR|FORCE_COLOR|CI|GITHUB_ACTIONS|LEAKWATCH_EMOJI)$/.test(k)))
  it.skipIf(!hasScript)('in a real terminal: redraws the view in place, as wide as the terminal, values in sight', () => {
    const out = newOut()
    const command = [process.execPath, bin, 'watch', '--duration', '2', '--interval', '100', '--out', out, '--', process.execPath, fixture('flat.mjs')]
    const quoted = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
    const result = spawnSync('script', ['-q', '-e', '-c', `stty cols 60 rows 30; exec ${quoted}`, '/dev/null'], { encoding: 'utf8', timeout: 30_000, env: { ...terminalEnv, TERM: 'xterm-256color' } })
    expect(result.status, result.stdout + result.stderr).toBe(0)
    const frames = result.stdout.split(/\u001b\[\d+F\u001b\[J/)
    expect(frames.length).toBeGreaterThanOrEqual(4) // drawn, then drawn again over itself
    const last = (frames.at(-1) as string).split('\r\n')
    for (const line of last.slice(0, 5)) expect([...line].length, line).toBeLessThanOrEqual(59)
    const rss = last.find((line) => line.startsWith('  RSS '))
    expect(rss).toMatch(/^ {2}RSS {6}[▁▂▃▄▅▆▇█]+ +\d+\.\d MiB {2}[+-]\d+\.\d MiB, [+-]\d+\.\d%$/)
    expect(result.stdout).toMatch(/\u001b\[32mPASS\u001b\[39m/) // a terminal gets colours
  })

  it('--pid watches a running process and leaves it running', async () => {
    const target = spawn(process.execPath, [fixture('flat.mjs')], { stdio: 'ignore' })
    started.push(target)
    await once(target, 'spawn')
    const out = newOut()
    const result = spawnSync(process.execPath, [bin, 'watch', '--pid', String(target.pid), '--duration', '3', '--interval', '100', '--out', out], { encoding: 'utf8', timeout: 20_000 })
    expect(result.status, result.stderr).toBe(0)
    const scenario = results(out).scenarios[0]
    expect(scenario).toMatchObject({ name: `pid-${target.pid}`, params: { pid: target.pid } })
    expect(['pass', 'warn']).toContain(scenario.status)
    expect(lines(join(out, 'samples', `watch-${target.pid}.ndjson`)).length).toBeGreaterThanOrEqual(15)
    expect(target.exitCode).toBeNull() // still running
    expect(existsSync(join(out, '.leakwatch.lock'))).toBe(false)
  })
})
