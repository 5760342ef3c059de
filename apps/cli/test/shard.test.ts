import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunReport } from '@leakwatch/runner'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignShards, estimateMs, parseShard } from '../src/shard.js'

// `leakwatch run --shard i/n`, end to end through the built bin: four shards of eight small
// scenario files, merged, are the whole run; and the split itself, as a function.
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const fixtures = fileURLToPath(new URL('./fixtures/shard/', import.meta.url))
const files = readdirSync(fixtures).filter((f) => f.endsWith('.scenario.mjs')).sort().map((f) => join(fixtures, f))
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-shard-test-'))
const RUN_MS = 240_000

function leakwatch(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && k !== 'FORCE_COLOR'))
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: RUN_MS, cwd: dir, env: { ...env, NO_COLOR: '1' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const results = (out: string) => JSON.parse(readFileSync(join(dir, out, 'leakwatch-results.json'), 'utf8')) as RunReport
const names = (report: RunReport) => report.scenarios.map((s) => s.name).sort()

beforeAll(() => {
  if (!existsSync(dist)) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before `test`)')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('leakwatch run --shard i/n', () => {
  let whole: RunReport
  const shards: RunReport[] = []

  beforeAll(() => {
    const all = leakwatch(['run', ...files, '--out', 'whole', '--reporter', 'json', '--no-diagnose'])
    expect(all.code, all.stderr).toBe(0)
    whole = results('whole')
    for (const i of [1, 2, 3, 4]) {
      const r = leakwatch(['run', ...files, '--shard', `${i}/4`, '--out', `shard-${i}`, '--reporter', 'json', '--no-diagnose'])
      expect(r.code, r.stderr).toBe(0)
      shards.push(results(`shard-${i}`))
    }
  }, RUN_MS * 5)

  it('records the shard in each results file', () => {
    expect(whole.shard).toBeUndefined()
    expect(shards.map((s) => s.shard)).toEqual([1, 2, 3, 4].map((index) => ({ index, total: 4 })))
  })

  it('splits into disjoint shards that cover every scenario', () => {
    const seen = shards.flatMap(names)
    expect(seen.sort()).toEqual(names(whole))
    expect(new Set(seen).size).toBe(seen.length)
    for (const s of shards) expect(s.scenarios.length).toBeGreaterThan(0)
  })

  it('balances the shards: none exceeds the ideal by more than the longest scenario', () => {
    const estimate = (r: RunReport) => r.scenarios.reduce((sum, s) => sum + estimateMs(s.plan, s.suite), 0)
    const each = whole.scenarios.map((s) => estimateMs(s.plan, s.suite))
    const ideal = each.reduce((a, b) => a + b, 0) / 4
    for (const s of shards) expect(estimate(s)).toBeLessThanOrEqual(ideal + Math.max(...each))
  })

  it('merges back into the whole run: the same scenarios and totals, and no shard', () => {
    const r = leakwatch(['report', '--merge', ...[1, 2, 3, 4].map((i) => join(dir, `shard-${i}`, 'leakwatch-results.json')), '--out', 'merged', '--reporter', 'json'])
    expect(r.code, r.stderr).toBe(0)
    const merged = results('merged')
    expect(names(merged)).toEqual(names(whole))
    expect(merged.totals).toEqual(whole.totals)
    expect(merged.shard).toBeUndefined()
  })
})

describe('a shard with nothing to run', () => {
  it('exits 0 with a line saying so, and writes empty results that still merge', () => {
    const r = leakwatch(['run', files[0] as string, '--shard', '2/2', '--out', 'empty', '--reporter', 'json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('leakwatch: shard 2/2 has no scenarios (1 over 2 shards): writing empty results\n')
    expect(results('empty')).toMatchObject({ scenarios: [], shard: { index: 2, total: 2 }, totals: { pass: 0, fail: 0 } })
    const one = leakwatch(['run', files[0] as string, '--shard', '1/2', '--out', 'full', '--reporter', 'json', '--no-diagnose'])
    expect(one.code, one.stderr).toBe(0)
    const m = leakwatch(['report', '--merge', join(dir, 'empty', 'leakwatch-results.json'), join(dir, 'full', 'leakwatch-results.json'), '--out', 'merged-2', '--reporter', 'json'])
    expect(m.code, m.stderr).toBe(0)
    expect(names(results('merged-2'))).toEqual(['shard-1'])
  }, RUN_MS)
})

describe('--shard that is not i/n: one line, exit 2, nothing run', () => {
  it.each(['0/4', '5/4', '1/0', 'a/b', '1.5/4', '2', '-1/3'])('--shard %s', (text) => {
    const r = leakwatch(['run', files[0] as string, `--shard=${text}`, '--out', 'bad'])
    expect([r.code, r.stderr]).toEqual([2, `leakwatch: --shard must be i/n with whole numbers 1 <= i <= n (e.g. 2/4), got '${text}'\n`])
    expect(existsSync(join(dir, 'bad'))).toBe(false)
  })
})

describe('assignShards()', () => {
  const ref = (name: string, cycles: number, suite = 'custom') => ({ name, suite, scenario: { name, cycles } })
  const refs = [ref('a', 100), ref('b', 900), ref('c', 400), ref('d', 400), ref('e', 50), ref('f', 2000, 'stress'), ref('g', 10)]

  it('gives every shard the same split whatever the order of the scenarios', () => {
    const split = assignShards(refs, 3).map((s) => s.map((r) => r.name).sort())
    expect(assignShards([...refs].reverse(), 3).map((s) => s.map((r) => r.name).sort())).toEqual(split)
    expect(split.flat().sort()).toEqual(refs.map((r) => r.name).sort())
  })

  it('keeps the order given within a shard, and puts the longest alone', () => {
    const [first] = assignShards(refs, 3)
    expect(first?.map((r) => r.name)).toEqual(['f']) // 2000 stress cycles: far the longest
  })

  it('leaves shards empty when there are fewer scenarios than shards', () => {
    expect(assignShards(refs.slice(0, 2), 4).map((s) => s.length)).toEqual([1, 1, 0, 0])
  })

  it.each([
    ['1/1', { index: 1, total: 1 }],
    [' 3 / 8 ', { index: 3, total: 8 }],
  ])('parseShard(%j)', (text, shard) => expect(parseShard(text)).toEqual(shard))
})
