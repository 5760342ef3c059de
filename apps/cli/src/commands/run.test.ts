import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { captureIo } from '../../test/_io.js'
import { parseCommand } from '../command.js'
import { LOCK_FILE } from '../out-lock.js'
import { main } from '../main.js'
import { run as runCommand } from './run.js'

const TIMER_NOTE = "2^31-1 ms, about 24.8 days: Node's longest timer"

const dir = mkdtempSync(join(tmpdir(), 'leakwatch-run-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let runs = 0

async function run(args: string[], signal?: AbortSignal, out = join(dir, `out-${++runs}`)) {
  const { io, stdout, stderr } = captureIo(signal)
  const code = await main(['run', '--out', out, ...args], io)
  const resultsFile = join(out, 'leakwatch-results.json')
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined
  return { code, stdout: stdout(), stderr: stderr(), results }
}

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('leakwatch run', () => {
  it('runs a built-in, prints it the way the guide does, and writes the results file', async () => {
    const r = await run(['timeout-utils-no-thread-leak', '--scale', '0.2'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/▶ timeout-utils-no-thread-leak \(quick\)/)
    expect(r.stdout).toMatch(/Initial memory: [\d.]+ MiB, \d+ threads\n {2}Cycle +\d+: +[\d.]+ MiB \( *[+-][\d.]+ MiB, +[+-][\d.]+%\), \d+ threads/)
    expect(r.stdout).toMatch(/\nPASS \([\d.]+ s\)\n/)
    expect(r.stdout).toMatch(/1 passed, 0 warned, 0 failed, 0 errors, 0 skipped in [\d.]+ s\nreports: \S*leakwatch-results\.json\n$/)
    expect(r.results).toMatchObject({
      schema: 'leakwatch/results@2',
      tool: { name: 'leakwatch' },
      scale: 0.2,
      interrupted: false,
      totals: { pass: 1, warn: 0, fail: 0, skip: 0, error: 0 },
      scenarios: [{ name: 'timeout-utils-no-thread-leak', suite: 'quick', status: 'pass', params: { fault: false } }],
    })
    expect(existsSync(r.results.scenarios[0].samplesFile)).toBe(true)
  })

  it('exits 1 when a scenario fails: here one with its fault switched on', async () => {
    const r = await run(['timeout-utils-no-thread-leak', '--scale', '0.2', '--fault', '--reporter', 'json'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('') // json only: nothing on the console
    expect(r.results.scenarios[0]).toMatchObject({ status: 'fail', params: { fault: true } })
    expect(r.results.scenarios[0].verdict.patterns).toContain('handle-leak')

    // the diagnosis pass named the line that leaks, and put it first among the actions
    const { actions, ...verdict } = r.results.scenarios[0].verdict
    expect(actions[0]).toMatch(/^Look at .*timeout\.ts:\d+: Timeout \+\d+/)
    // the samples file it wrote re-grades to the very verdict in the results file (the site
    // aside: it comes from the second pass, not from the samples)
    const { io, stdout } = captureIo()
    expect(await main(['grade', r.results.scenarios[0].samplesFile, '--format', 'json'], io)).toBe(1)
    expect(JSON.parse(stdout())).toEqual({ ...verdict, actions: actions.slice(1) })
  })

  it('lets warnings pass unless --fail-on warn', async () => {
    const grows = file('grows.scenario.mjs', `const kept = []
      export default { name: 'grows', cycles: 20, cycle: () => { kept.push(Buffer.alloc(2 ** 20, 1)) } }`)
    const warnAtAnyGrowth = file('policy.json', JSON.stringify({ tiers: { short: { warnPct: 1, failPct: 1000 } } }))
    const lenient = await run([grows, '--policy', warnAtAnyGrowth, '--reporter', 'json', '--no-extend'])
    expect([lenient.code, lenient.results.scenarios[0].status]).toEqual([0, 'warn'])
    const strict = await run([grows, '--policy', warnAtAnyGrowth, '--reporter', 'json', '--fail-on', 'warn', '--no-extend'])
    expect(strict.code).toBe(1)
  })

  it('extends a run whose evidence is too thin, and says so; --no-extend grades what was planned', async () => {
    // 4 cycles, one checkpoint each: too few to tell a plateau from a leak
    const few = file('few.scenario.mjs', `export default { name: 'few', cycles: 4, warmup: 1, cycle: () => new Promise((r) => setTimeout(r, 5)) }`)
    const extended = await run([few, '--reporter', 'json'])
    const report = extended.results.scenarios[0]
    expect(report.extended).toMatchObject({ planned: 4, unit: 'cycles' })
    expect(report.extended.ran).toBeGreaterThan(4)
    expect(report.extended.reasons[0]).toMatch(/^only \d checkpoints, 10 needed$/)
    expect(report.verdict.cycles).toBe(report.extended.ran)

    const planned = await run([few, '--reporter', 'json', '--no-extend'])
    expect(planned.results.scenarios[0].extended).toBeUndefined()
    expect(planned.results.scenarios[0]).toMatchObject({ status: 'warn', verdict: { inconclusive: true, cycles: 4 } })
    expect(planned.code).toBe(0) // inconclusive is a warn
  })

  it('reports a scenario that errors, and exits 1', async () => {
    const broken = file('broken.scenario.mjs', `export default { name: 'broken', cycles: 10, cycle: (_c, i) => { if (i === 5) throw new Error('lens cap on') } }`)
    const r = await run([broken])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/\nERROR \([\d.]+ s\): threw: lens cap on\n/)
    expect(r.results.scenarios[0]).toMatchObject({ status: 'error', error: 'threw: lens cap on' })
  })

  it('stops on Ctrl-C, writes the partial results and exits 130', async () => {
    const slow = file('slow.scenario.mjs', `export default { name: 'slow', durationMs: 60000, cycle: () => new Promise((r) => setTimeout(r, 5)) }`)
    const controller = new AbortController()
    const out = join(dir, 'interrupted')
    // Ctrl-C once the scenario has measured something (a busy machine may be slow to start it)
    const samples = join(out, 'samples', 'slow.ndjson')
    const poll = setInterval(() => {
      if (existsSync(samples) && readFileSync(samples, 'utf8').split('\n').length > 5) controller.abort()
    }, 20)
    const r = await run([slow, 'timeout-utils-no-thread-leak'], controller.signal, out)
    clearInterval(poll)
    expect(r.code).toBe(130)
    expect(r.results).toMatchObject({ interrupted: true, scenarios: [{ name: 'slow', status: 'error', error: 'interrupted' }] })
  })

  it.each([
    [['no-such-scenario'], "unknown scenario 'no-such-scenario'; 'leakwatch list' shows the built-ins"],
    [['--suite', 'nightly'], "unknown suite 'nightly'; the suites are quick, stress, video, all"],
    [['--scale', '0'], "--scale must be a number of at least 0.001, got '0'"],
    [['--reporter', 'xml'], "--reporter must be one of console, json, junit, markdown, html, github (or name=path), got 'xml'"],
    [['--fail-on', 'pass'], "--fail-on must be one of fail, warn, got 'pass'"],
    [['--max-extend', '0.5'], "--max-extend must be a number of at least 1, got '0.5'"],
    [['--max-extend', '2', '--no-extend'], 'give --no-extend or --max-extend, not both'],
    [[join(dir, 'absent.scenario.ts')], `${join(dir, 'absent.scenario.ts')}: no such file`],
    // names are looked up as own properties only: nothing inherited from Object.prototype
    [['--suite', 'toString'], "unknown suite 'toString'; the suites are quick, stress, video, all"],
    [['--suite', '__proto__'], "unknown suite '__proto__'; the suites are quick, stress, video, all"],
    [['--reporter', '__proto__'], "--reporter must be one of console, json, junit, markdown, html, github (or name=path), got '__proto__'"],
    [['--reporter', 'constructor'], "--reporter must be one of console, json, junit, markdown, html, github (or name=path), got 'constructor'"],
    [['hasOwnProperty'], "unknown scenario 'hasOwnProperty'; 'leakwatch list' shows the built-ins"],
    // past 2^31-1 ms Node fires a timer after 1 ms
    [['--interval', '2147483648'], `--interval must be at most 2147483647 (${TIMER_NOTE}), got '2147483648'`],
    [['--interval', '1e11'], `--interval must be at most 2147483647 (${TIMER_NOTE}), got '1e11'`],
    [['--', 'x.scenario.mjs'], 'run takes no command after --; give scenario files as arguments: leakwatch run file.mjs'],
    [['--out', ''], "--out '': the path is empty; give a folder"],
    [['--out', file('a-file.txt', 'x')], `--out ${join(dir, 'a-file.txt')}: it is a file, not a folder`],
  ])('%j: one line, exit code 2', async (args, message) => {
    const r = await run(args)
    expect([r.code, r.stderr, r.stdout]).toEqual([2, `leakwatch: ${message}\n`, ''])
  })

  it('accepts a --scale so large that plans need clamping (the runner clamps them)', () => {
    expect(parseCommand(runCommand, ['--scale', '4000']).values).toEqual({ scale: 4000 })
  })

  it('leaves no --out folder behind when a scenario name is wrong', async () => {
    const out = join(dir, 'never-made')
    const r = await run(['no-such-scenario'], undefined, out)
    expect(r.code).toBe(2)
    expect(existsSync(out)).toBe(false)
  })

  it('takes over a lock left by a run that was killed, and removes it at the end', async () => {
    const out = join(dir, 'stale-lock')
    mkdirSync(out)
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number // exited and reaped: no process has this pid
    writeFileSync(join(out, LOCK_FILE), `${gone} 1\n`)
    const quick = file('quick.scenario.mjs', `export default { name: 'quick', cycles: 4, warmup: 1, cycle() {} }`)
    const r = await run([quick, '--no-extend', '--reporter', 'json'], undefined, out)
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.results.scenarios[0].name).toBe('quick')
    expect(existsSync(join(out, LOCK_FILE))).toBe(false)
  })

  it('names a policy file and its bad field', async () => {
    const policy = file('bad-policy.json', JSON.stringify({ tiers: { short: { failPct: 1 } } }))
    const r = await run(['--policy', policy])
    expect([r.code, r.stderr]).toEqual([2, `leakwatch: ${policy}: policy.tiers.short.failPct (1) must be above policy.tiers.short.warnPct (5)\n`])
  })

  it('names a malformed scenario file and its problem', async () => {
    const bad = file('bad.scenario.mjs', `export default { name: 'bad', cycles: -1, cycle() {} }`)
    const r = await run([bad])
    expect([r.code, r.stderr]).toEqual([2, `leakwatch: ${bad} (bad): 'cycles' must be a whole number of at least 1, got -1\n`])
  })

  it('prints what a scenario file threw with its control characters escaped, on one line', async () => {
    const hostile = file('hostile.scenario.mjs', `throw new Error('\\u001b[2J\\u001b[Hall clear\\nsecond line')`)
    const r = await run([hostile])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`leakwatch: ${hostile}: cannot load it: \\u001b[2J\\u001b[Hall clear\n`)
  })
})

describe('leakwatch list', () => {
  it('lists the suites and their scenarios', async () => {
    const { io, stdout } = captureIo()
    expect(await main(['list'], io)).toBe(0)
    expect(stdout()).toMatch(/^quick\n {2}timeout-utils-no-thread-leak +200 cycles {2}/)
    expect(stdout()).toMatch(/\nstress\n {2}detection-pipeline-extended-operation +5 min {2}/)
  })
})
