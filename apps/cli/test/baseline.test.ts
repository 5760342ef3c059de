import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunReport } from '@leakwatch/runner'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `leakwatch run --baseline`, end to end through the built bin: a clean token cache is the
// baseline; its next version keeps ~3 KiB a cycle. Under a lenient policy both pass the tiers,
// and only the comparison with the baseline catches the change.
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const fixtures = fileURLToPath(new URL('./fixtures/baseline/', import.meta.url))
const clean = join(fixtures, 'tokens-clean.scenario.mjs')
const slight = join(fixtures, 'tokens-slight.scenario.mjs')
const policy = join(fixtures, 'lenient-policy.json')
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-baseline-test-'))
const baseline = join(dir, 'base', 'leakwatch-results.json')
const RUN_MS = 240_000

function leakwatch(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && k !== 'FORCE_COLOR'))
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: RUN_MS, cwd: dir, env: { ...env, NO_COLOR: '1' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const run = (file: string, out: string, ...more: string[]) => leakwatch(['run', file, '--out', out, '--reporter', 'console,json', '--no-diagnose', '--policy', policy, ...more])
const scenario = (out: string) => (JSON.parse(readFileSync(join(dir, out, 'leakwatch-results.json'), 'utf8')) as RunReport).scenarios[0]

beforeAll(() => {
  if (!existsSync(dist)) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before `test`)')
  const r = run(clean, 'base')
  expect(r.code, r.stderr).toBe(0)
  expect(scenario('base')?.status).toBe('pass')
}, RUN_MS)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('leakwatch run --baseline', () => {
  it('passes the slightly leaky twin on the tiers alone', () => {
    const r = run(slight, 'alone')
    expect(r.code, r.stderr).toBe(0)
    expect(scenario('alone')?.status).toBe('pass')
    expect(scenario('alone')?.baseline).toBeUndefined()
  }, RUN_MS)

  it('warns on the twin against the clean baseline, saying what rose', () => {
    const r = run(slight, 'warned', '--baseline', baseline)
    expect(r.code, r.stderr).toBe(0) // a warn; --fail-on warn would make it 1
    const s = scenario('warned')
    expect(s?.status).toBe('warn')
    expect(s?.verdict?.status).toBe('warn')
    expect(s?.baseline).toMatchObject({ compared: true, statusBefore: 'pass' })
    expect(s?.verdict?.reasons[0]).toMatch(/^regression against baseline: heap late slope \+[\d.]+ KiB\/cycle vs [+-][\d.]+ (B|KiB)\/cycle$/)
    expect(r.stdout).toMatch(/Warned \(1\):\n {2}tokens: regression against baseline: heap late slope/)
  }, RUN_MS)

  it('fails it with --fail-on-increase', () => {
    const r = run(slight, 'failed', '--baseline', baseline, '--fail-on-increase')
    expect(r.code, r.stderr).toBe(1)
    expect(scenario('failed')).toMatchObject({ status: 'fail', baseline: { compared: true, statusBefore: 'pass' } })
  }, RUN_MS)

  it('leaves the clean scenario unchanged against its own baseline', () => {
    const r = run(clean, 'same', '--baseline', baseline, '--fail-on-increase')
    expect(r.code, r.stderr).toBe(0)
    const s = scenario('same')
    expect(s).toMatchObject({ status: 'pass', baseline: { compared: true, regressions: [] } })
    expect(s?.verdict?.reasons.join('\n')).not.toContain('baseline')
  }, RUN_MS)

  it('notes a scenario the baseline does not have, and grades it as usual', () => {
    const other = join(dir, 'other.scenario.mjs')
    writeFileSync(other, "export default { name: 'brand-new', cycles: 20, warmup: 3, cycle() {} }\n")
    const r = run(other, 'new', '--baseline', baseline)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe(`leakwatch: baseline ${baseline} has no verdict for brand-new: it is not compared\n`)
    expect(scenario('new')).toMatchObject({ status: 'pass', baseline: { compared: false } })
  }, RUN_MS)
})

describe('a bad baseline: one line, exit 2, nothing run', () => {
  it.each([
    [['--baseline', 'missing.json'], /^leakwatch: cannot read missing\.json: no such file\n$/],
    [['--baseline', 'not-results.json'], /^leakwatch: not-results\.json: not a leakwatch results file/],
    [['--fail-on-increase'], /^leakwatch: --fail-on-increase needs --baseline <results\.json>\n$/],
  ])('leakwatch run %j', (args, message) => {
    writeFileSync(join(dir, 'not-results.json'), '{"schema": "x"}')
    const r = leakwatch(['run', clean, '--out', 'bad', ...args])
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)])
    expect(existsSync(join(dir, 'bad'))).toBe(false)
  })
})
