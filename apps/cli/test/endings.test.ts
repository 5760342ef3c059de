import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { groupMembers, killGroup } from '@leakwatch/sampler'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { childrenOf, memberNames, until } from './_processes.js'

// Every way leakwatch ends, on the built bin as a user runs it: what it started ends with it.
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const cliDir = fileURLToPath(new URL('..', import.meta.url))
const { dir, write } = tempFolder('leakwatch-endings-')
let outs = 0
const newOut = () => join(dir, `out-${++outs}`)

beforeAll(() => {
  if (!existsSync(join(cliDir, 'dist/index.js'))) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before `test`)')
})

// whatever a failed test leaves, it is not left running
const groups: number[] = []
const clis: ChildProcess[] = []
afterEach(() => {
  for (const cli of clis.splice(0)) cli.kill('SIGKILL')
  for (const pgid of groups.splice(0)) killGroup(pgid)
})

/** Starts the bin; its stdout is collected. */
function leakwatch(args: string[]) {
  const cli = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  clis.push(cli)
  const output = { stdout: '', stderr: '' }
  cli.stdout.on('data', (d: Buffer) => (output.stdout += d.toString()))
  cli.stderr.on('data', (d: Buffer) => (output.stderr += d.toString()))
  const exit = once(cli, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return { cli, output, exit }
}

/** The process group of leakwatch's child named `name`, once it has `members` live members. */
async function groupOf(cli: ChildProcess, name: string, members: number): Promise<number> {
  let pgid: number | undefined
  await until(() => {
    pgid = childrenOf(cli.pid as number).find((c) => c.name === name && c.pid === c.pgid && groupMembers(c.pgid).length >= members)?.pgid
    return pgid !== undefined
  }, `a ${name} child of leakwatch leading a group of ${members}`)
  groups.push(pgid as number)
  return pgid as number
}

/** The results file is whole JSON or not there: never half written. */
function resultsIn(out: string): unknown {
  const file = join(out, 'leakwatch-results.json')
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
}

// a scenario that leaves a grandchild (`sleep`) in its group and runs for a minute
const SLOW = `import { spawn } from 'node:child_process'
export default {
  name: 'slow',
  durationMs: 60000,
  setup() { spawn('sleep', ['300'], { stdio: 'ignore' }) },
  cycle: () => new Promise((r) => setTimeout(r, 5)),
}`

const SHELL_FAMILY = ['sh', '-c', 'sleep 300 & sleep 300']

describe.runIf(process.platform === 'linux')('every way leakwatch ends kills what it started', () => {
  it('two Ctrl-Cs in a row during a run: it exits 130, no scenario process is left, the results are whole or absent', async () => {
    const out = newOut()
    const run = leakwatch(['run', write('slow.scenario.mjs', SLOW), '--out', out])
    const pgid = await groupOf(run.cli, 'node', 2) // the scenario's process and its sleep
    run.cli.kill('SIGINT')
    await new Promise((r) => setTimeout(r, 50)) // two signals, not one the kernel merges
    run.cli.kill('SIGINT')
    const [code, signal] = await run.exit
    // 130, or, when the second signal lands while Node is already tearing the process down
    // after the first one's clean exit (its handlers gone), death by SIGINT: what a shell
    // shows as 130 too
    expect(code === 130 || (code === null && signal === 'SIGINT'), `exit ${code}, signal ${signal}`).toBe(true)
    await until(() => groupMembers(pgid).length === 0, 'the scenario group to be empty')
    expect(() => resultsIn(out)).not.toThrow()
  })

  it.each(['SIGTERM', 'SIGHUP'] as const)('%s stops a run as Ctrl-C does: partial results, exit 130, nothing left', async (signal) => {
    const out = newOut()
    const run = leakwatch(['run', write(`slow-${signal}.scenario.mjs`, SLOW), '--out', out])
    const pgid = await groupOf(run.cli, 'node', 2)
    run.cli.kill(signal)
    const [code] = await run.exit
    expect(code).toBe(130)
    expect(resultsIn(out)).toMatchObject({ interrupted: true, scenarios: [{ name: 'slow', error: 'interrupted' }] })
    expect(memberNames(pgid)).toEqual([])
  })

  it('Ctrl-C during sample -- cmd: exit 130, and the command’s children are gone by then', async () => {
    const sample = leakwatch(['sample', '--interval', '50', '--format', 'ndjson', '--', ...SHELL_FAMILY])
    const pgid = await groupOf(sample.cli, 'sh', 3)
    sample.cli.kill('SIGINT')
    const [code] = await sample.exit
    expect(code).toBe(130)
    expect(memberNames(pgid)).toEqual([])
    expect(sample.output.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(1)
  })

  it('a second Ctrl-C does not wait for a command that ignores SIGTERM: exit 130, its group killed', async () => {
    // an ignored signal stays ignored across exec: the shell and its sleeps all ignore SIGTERM,
    // so the first Ctrl-C would wait out the 5 s grace before SIGKILL
    const sample = leakwatch(['sample', '--interval', '50', '--', 'sh', '-c', "trap '' TERM; sleep 300 & sleep 300"])
    const pgid = await groupOf(sample.cli, 'sh', 3)
    sample.cli.kill('SIGINT')
    await new Promise((r) => setTimeout(r, 50))
    sample.cli.kill('SIGINT')
    const [code] = await sample.exit
    expect(code).toBe(130)
    await until(() => groupMembers(pgid).length === 0, 'the command group to be empty')
  })

  it('SIGKILL of leakwatch during sample -- cmd: its watchdog ends the command’s group', async () => {
    const sample = leakwatch(['sample', '--interval', '50', '--', ...SHELL_FAMILY])
    const pgid = await groupOf(sample.cli, 'sh', 3)
    sample.cli.kill('SIGKILL')
    await sample.exit
    // within a second or two; the bound is generous for a busy machine
    await until(() => groupMembers(pgid).length === 0, 'the watchdog to end the command group', 10_000)
  })

  it.each([
    ['an uncaught exception', "setTimeout(() => { throw new Error('boom') }, 0)"],
    ['an unhandled rejection', "Promise.reject(new Error('boom'))"],
  ])('%s in leakwatch kills its processes, prints one line and the stack, exits 1', async (_what, fault) => {
    // leakwatch as a program (runCli) with a fault of its own once the command's group runs
    const script = `import { runCli } from './dist/index.js'
      import { trackedGroups } from '@leakwatch/sampler'
      const poll = setInterval(() => {
        if (trackedGroups().length === 0) return
        clearInterval(poll)
        console.error('group', trackedGroups()[0])
        ${fault}
      }, 20)
      await runCli(${JSON.stringify(['sample', '--interval', '50', '--', ...SHELL_FAMILY])})`
    const cli = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: cliDir, stdio: ['ignore', 'ignore', 'pipe'] })
    clis.push(cli)
    let stderr = ''
    cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const [code] = await once(cli, 'exit')
    const pgid = Number(/^group (\d+)$/m.exec(stderr)?.[1])
    groups.push(pgid)
    expect(code).toBe(1)
    expect(stderr).toMatch(/\nleakwatch: unexpected error \(a bug; please report it\)\nError: boom\n {4}at /)
    // SIGKILLed on the way out: gone as soon as the kernel has torn them down
    await until(() => groupMembers(pgid).length === 0, 'the command group to be empty')
  })

  it('a second run into the same --out while the first runs: exit 2 naming the first; the lock goes with the first', async () => {
    const out = newOut()
    const first = leakwatch(['run', write('slow-locked.scenario.mjs', SLOW), '--out', out])
    await groupOf(first.cli, 'node', 2)
    const second = spawnSync(process.execPath, [bin, 'run', 'timeout-utils-no-thread-leak', '--out', out], { encoding: 'utf8', timeout: 20_000 })
    expect([second.status, second.stderr, second.stdout]).toEqual([2, `leakwatch: another leakwatch run (pid ${first.cli.pid}) is writing to ${out}\n`, ''])
    expect(readFileSync(join(out, '.leakwatch.lock'), 'utf8')).toMatch(new RegExp(`^${first.cli.pid} `))
    first.cli.kill('SIGINT')
    expect((await first.exit)[0]).toBe(130)
    expect(existsSync(join(out, '.leakwatch.lock'))).toBe(false)
    expect(resultsIn(out)).toMatchObject({ scenarios: [{ name: 'slow' }] }) // the first run's, whole
  })

  it.each([
    ['/proc/x', '--out /proc/x: cannot create a folder in /proc'],
    ['/proc', '--out /proc: cannot create files in it'],
  ])('--out %s: one line and exit 2, at once (Node’s recursive mkdir spun there forever)', (out, message) => {
    const result = spawnSync(process.execPath, [bin, 'run', 'timeout-utils-no-thread-leak', '--out', out], { encoding: 'utf8', timeout: 20_000 })
    expect([result.status, result.stderr, result.stdout]).toEqual([2, `leakwatch: ${message}\n`, ''])
  })
})
