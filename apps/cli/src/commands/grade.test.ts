import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { captureIo } from '../../test/_io.js'
import { main } from '../main.js'

const dir = mkdtempSync(join(tmpdir(), 'leakwatch-grade-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const MiB = 2 ** 20

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** An NDJSON series of a 30 s run growing to +growthPct by its third sample and flat after. */
function series(name: string, growthPct: number, extra: (i: number) => object = () => ({})): string {
  const lines = Array.from({ length: 10 }, (_, i) => {
    const rss = 100 * MiB * (1 + (i < 2 ? 0 : growthPct / 100))
    return JSON.stringify({ t: i * 3000, rss, ...extra(i) })
  })
  return file(name, `${lines.join('\n')}\n`)
}

async function grade(...args: string[]) {
  const { io, stdout, stderr } = captureIo()
  const code = await main(['grade', ...args], io)
  return { code, stdout: stdout(), stderr: stderr() }
}

describe('leakwatch grade', () => {
  it.each([
    [2, 0, '✅ PASS'],
    [7, 0, '⚠️  WARN'],
    [20, 1, '❌ FAIL'],
  ])('grades a run growing %d %% with exit code %d', async (growthPct, code, headline) => {
    const result = await grade(series(`g${growthPct}.ndjson`, growthPct))
    expect(result.code).toBe(code)
    expect(result.stdout).toContain(`\n${headline}\n`)
    expect(result.stdout).toMatch(/^Final: 100\.0 MB → /)
  })

  it('fails a run that leaves a thread behind, naming the numbers', async () => {
    const result = await grade(series('threads.ndjson', 0, (i) => ({ threads: i === 9 ? 13 : 12 })))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('Threads: 12 → 13 (+1 threads)')
  })

  it('prints the Verdict as JSON', async () => {
    const result = await grade(series('json.ndjson', 7), '--format', 'json')
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'warn', metric: 'rss', tier: 'short', thresholds: { warnPct: 5, failPct: 10 } })
  })

  it('applies a policy file field by field', async () => {
    const policy = file('policy.json', JSON.stringify({ tiers: { short: { warnPct: 8, failPct: 25 } } }))
    const result = await grade(series('policy.ndjson', 20), '--policy', policy)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('pass under 8%, fail over 25%')
  })

  it.each([
    [() => [], 'give one samples file: leakwatch grade <samples.ndjson>'],
    [() => [join(dir, 'missing.ndjson')], `cannot read ${join(dir, 'missing.ndjson')}: no such file`],
    [() => [file('syntax.ndjson', '{"t":0,"rss":1}\n{"t":1,"rss":2}\n{"t":2,rss:3}\n')], /syntax\.ndjson:3: not valid JSON \(.+\)$/],
    [() => [file('field.ndjson', '{"t":0,"rss":1}\n\n{"t":1}\n')], /field\.ndjson:3: 'rss' must be a number, got undefined$/],
    [() => [file('phase.ndjson', '{"t":0,"rss":1,"phase":"lunch"}\n')], /phase\.ndjson:1: 'phase' must be one of warmup, measure, teardown, after, got "lunch"$/],
    [() => [file('array.ndjson', '[1,2]\n')], /array\.ndjson:1: a sample must be a JSON object$/],
    [() => [file('one.ndjson', '{"t":0,"rss":1}\n')], /one\.ndjson: a series needs at least 2 measured samples, got 1$/],
    [() => [series('ok.ndjson', 1), '--policy', file('bad-policy.json', '{"tiers":{"short":{"failPct":3}}}')], /bad-policy\.json: policy\.tiers\.short\.failPct \(3\) must be above policy\.tiers\.short\.warnPct \(5\)$/],
    [() => [series('ok2.ndjson', 1), '--policy', file('typo.json', '{"metrc":"rss"}')], /typo\.json: policy\.metrc is not a policy field/],
    [() => [series('ok3.ndjson', 1), '--policy', file('broken.json', '{')], /broken\.json: not valid JSON/],
    [() => [series('ok4.ndjson', 1), '--format', 'xml'], "--format must be one of text, json, got 'xml'"],
  ])('bad input %#: one line, exit code 2', async (args, message) => {
    const result = await grade(...args())
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')).toHaveLength(2) // one line and its newline
    if (typeof message === 'string') expect(result.stderr).toBe(`leakwatch: ${message}\n`)
    else expect(result.stderr.trimEnd()).toMatch(message)
  })
})
