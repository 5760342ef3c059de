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

/**
 * An NDJSON series of a process sampled from outside once a second for 40 s, rising steadily
 * by growthPct over the run (a leak that does not stop), after a start-up in its first second.
 */
function series(name: string, growthPct: number, extra: (i: number) => object = () => ({}), length = 41): string {
  const lines = Array.from({ length }, (_, i) => {
    const rss = i === 0 ? 20 * MiB : 100 * MiB * (1 + ((growthPct / 100) * i) / (length - 1))
    return JSON.stringify({ t: i * 1000, rss, ...extra(i) })
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
    [0, 0, 'PASS'],
    [4, 0, 'WARN'], // a possible slow leak: warn, and grade exits 0 on a warn
    [20, 1, 'FAIL'],
  ])('grades a process rising %d %% to the end with exit code %d', async (growthPct, code, headline) => {
    const result = await grade(series(`g${growthPct}.ndjson`, growthPct))
    expect(result.code).toBe(code)
    expect(result.stdout).toContain(`\n${headline}\n`)
    expect(result.stdout).toMatch(/^Final: 10\d\.\d MiB → /) // start-up (20 MiB at t = 0) left out
  })

  it('passes a process that rose while it started and then held its level', async () => {
    const result = await grade(series('plateau.ndjson', 0, (i) => (i < 5 ? { rss: (40 + i * 15) * MiB } : {})))
    expect([result.code, result.stdout]).toEqual([0, expect.stringContaining('\nPASS\n')])
  })

  it('is inconclusive, a warn and exit 0, on a series too short to tell', async () => {
    const result = await grade(series('short.ndjson', 0, () => ({}), 8))
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/\nWARN\n {2}- inconclusive: \d checkpoints over/)
  })

  it('fails a run that leaves a thread behind after teardown, naming the numbers', async () => {
    const phased = (i: number) => ({ threads: i === 40 ? 13 : 12, phase: i === 40 ? 'after' : i === 0 ? 'warmup' : 'measure' })
    const result = await grade(series('threads.ndjson', 0, phased))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('Threads: 12 → 13 (+1 threads)')
    expect(result.stdout).toContain('  - Threads left after teardown: 12 → 13 (+1)\n')
  })

  it('prints the Verdict as JSON', async () => {
    const result = await grade(series('json.ndjson', 20), '--format', 'json')
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'fail', decidedBy: 'rss', tier: 'short', thresholds: { warnPct: 5, failPct: 10 } })
  })

  it('applies a policy file field by field', async () => {
    const policy = file('policy.json', JSON.stringify({ tiers: { short: { warnPct: 30, failPct: 50 } } }))
    const result = await grade(series('policy.ndjson', 20), '--policy', policy)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('warn when the late slope adds 30% over the run, fail over 50%')
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

describe('leakwatch grade on Ctrl-C', () => {
  it('stops reading at once and exits 130, printing no verdict', async () => {
    // a bad line further on is never reached: reading stopped at the first sample
    const path = file('interrupted.ndjson', '{"t":0,"rss":1}\n{"t":1,"rss":2}\nnot json\n')
    const controller = new AbortController()
    controller.abort()
    const { io, stdout, stderr } = captureIo(controller.signal)
    expect(await main(['grade', path], io)).toBe(130)
    expect([stdout(), stderr()]).toEqual(['', ''])
  })
})
