import type { Sample } from '@leakwatch/contracts'
import { gradeSeries } from '@leakwatch/grader'
import { countStatuses, type RunPlan, type RunReport, type ScenarioReport } from '@leakwatch/runner'
import { describe, expect, it } from 'vitest'
import { consoleReporter } from './console-reporter.js'
import { styleFor } from './style.js'
import { terminal } from './_terminal.fixture.js'

const MiB = 2 ** 20
const ESC = '\u001b['

const plan: RunPlan = { mode: 'cycles', cycles: 100, checkpointEvery: 10, warmup: { cycles: 10 }, timeoutMs: 600_000, scale: 1 }
const rising = (perCycle: number): Sample[] => Array.from({ length: 21 }, (_, i) => ({ t: i * 5000, cycle: i * 5, phase: 'measure' as const, rss: 100 * MiB + i * 5 * perCycle }))

function scenario(name: string, samples: Sample[], extra: Partial<ScenarioReport> = {}): ScenarioReport {
  const verdict = gradeSeries(samples)
  return { name, suite: 'quick', description: '', params: {}, plan, status: verdict.status, verdict, samplesFile: `${name}.ndjson`, durationMs: 4200, ...extra }
}

function run(scenarios: ScenarioReport[]): RunReport {
  return {
    schema: 'leakwatch/results@2',
    tool: { name: 'leakwatch', version: '0.0.0' },
    env: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, totalMemory: 1, ci: true },
    startedAt: new Date(0).toISOString(),
    durationMs: 12_300,
    scale: 1,
    interrupted: false,
    scenarios,
    totals: countStatuses(scenarios),
  }
}

describe('styleFor(): colours and emoji by stream and environment', () => {
  it.each([
    ['a terminal', true, {}, true, true],
    ['a pipe or a CI log', false, {}, false, false],
    ['a terminal with NO_COLOR', true, { NO_COLOR: '1' }, false, true],
    ['a pipe with FORCE_COLOR', false, { FORCE_COLOR: '1' }, true, false],
    ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }, true, true],
    ['NO_COLOR over FORCE_COLOR', false, { NO_COLOR: '1', FORCE_COLOR: '1' }, false, false],
    ['TERM=dumb', true, { TERM: 'dumb' }, false, false],
    ['the Linux console', true, { TERM: 'linux' }, true, false],
    ['LEAKWATCH_EMOJI=0 on a terminal', true, { LEAKWATCH_EMOJI: '0' }, true, false],
  ])('%s', (_, isTTY, env, color, emoji) => {
    const style = styleFor({ isTTY }, env)
    expect([style.color, style.emoji]).toEqual([color, emoji])
    expect(style.status('fail').includes(ESC)).toBe(color)
    expect(style.status('fail').includes('❌')).toBe(emoji)
  })
})

describe('consoleReporter(): for people and for CI logs', () => {
  it('prints no escape and no emoji into a CI log, and the status words alone', () => {
    const out = terminal(false)
    const reporter = consoleReporter({ stdout: out.stream, outDir: '.', env: { CI: 'true' } })
    const leaky = scenario('leaky', rising(400 * 1024))
    reporter.onScenarioStart?.({ name: 'leaky', suite: 'quick', description: '', plan })
    for (const s of rising(400 * 1024)) reporter.onSample?.('leaky', s)
    reporter.onScenarioEnd?.(leaky)
    reporter.onRunEnd?.(run([leaky]))
    expect(out.text()).not.toContain(ESC)
    expect(out.text()).not.toMatch(/[✅⚠❌⏭💥⏳]/u)
    expect(out.text()).toMatch(/\nFAIL \(4\.2 s\)\n/)
  })

  it('colours a terminal, and NO_COLOR takes them off', () => {
    for (const [env, coloured] of [[{}, true], [{ NO_COLOR: '1' }, false]] as const) {
      const out = terminal(true)
      consoleReporter({ stdout: out.stream, outDir: '.', env }).onScenarioEnd?.(scenario('clean', rising(0)))
      expect(out.text().includes(ESC)).toBe(coloured)
      expect(out.text()).toContain('✅ ')
    }
  })

  it('ends with a table of every scenario and names each failure and warning with its first reason', () => {
    const out = terminal(false)
    const reporter = consoleReporter({ stdout: out.stream, outDir: '.', env: {} })
    const scenarios = [
      scenario('clean-one', rising(0)),
      scenario('leaky-one', rising(400 * 1024)),
      { ...scenario('broken\u001b[31m', rising(0)), status: 'error' as const, verdict: undefined, error: 'threw: lens cap on' },
    ]
    reporter.onRunEnd?.(run(scenarios))
    const text = out.text()
    const lines = text.split('\n')
    const head = lines.findIndex((l) => l.startsWith('  scenario'))
    expect(lines[head]).toMatch(/^ {2}scenario +status +decided by +growth +late slope +time$/)
    expect(lines[head + 1]).toMatch(/^ {2}clean-one +PASS +- +\+0\.0 MiB \(\+0\.0%\) +\+0 B\/cycle +4\.2 s$/)
    expect(lines[head + 2]).toMatch(/^ {2}leaky-one +FAIL +RSS +\+\d+\.\d MiB \(\+\d+\.\d%\) +\+400\.0 KiB\/cycle +4\.2 s$/)
    expect(lines[head + 3]).toMatch(/^ {2}broken\\u001b\[31m +ERROR +- +- +- +4\.2 s$/)
    expect(text).toContain('Failed (1):\n  leaky-one: RSS keeps rising')
    expect(text).toContain('Errors (1):\n  broken\\u001b[31m: threw: lens cap on\n')
    expect(text).toMatch(/\n1 passed, 0 warned, 1 failed, 1 errors, 0 skipped in 12\.3 s\n$/)
  })

  it('on a terminal, shows the cycle, the time, an ETA and the leading layers while a scenario works', () => {
    const out = terminal(true)
    const reporter = consoleReporter({ stdout: out.stream, outDir: '.', env: { NO_COLOR: '1' } })
    reporter.onScenarioStart?.({ name: 'p', suite: 'quick', description: '', plan })
    reporter.onSample?.('p', { t: 1000, rss: 100 * MiB, cycle: 0, phase: 'measure' })
    reporter.onSample?.('p', { t: 11_000, rss: 101 * MiB, cycle: 25, phase: 'measure' })
    reporter.onSample?.('p', { t: 11_500, rss: 102 * MiB, heapUsed: 12 * MiB, threads: 11, handles: 30, phase: 'measure' })
    expect(out.text()).toMatch(/\r\u001b\[2K⏳ p {2}cycle 25\/100 {2}[\d.]+ s {2}ETA 3\d s {2}rss 102\.0 MiB {2}heap 12\.0 MiB {2}threads 11 {2}fds 30$/)
  })

  it('without a terminal, prints a heartbeat when nothing was printed for a while, and stops at the end', async () => {
    const out = terminal(false)
    const reporter = consoleReporter({ stdout: out.stream, outDir: '.', env: {} }, { heartbeatMs: 60 })
    reporter.onRunStart?.({ scenarios: [{ name: 'slow', suite: 'stress', description: '' }], scale: 1, outDir: '.' })
    reporter.onScenarioStart?.({ name: 'slow', suite: 'stress', description: '', plan })
    reporter.onSample?.('slow', { t: 1000, rss: 100 * MiB, cycle: 0, phase: 'measure' })
    reporter.onSample?.('slow', { t: 2000, rss: 100 * MiB, cycle: 7, threads: 12, phase: 'measure' })
    await new Promise((r) => setTimeout(r, 400))
    const beats = out.text().match(/^ {2}… still running slow: cycle 7\/100, [\d.]+ s elapsed, ETA [\d.]+ s, rss 100\.0 MiB, threads 12$/gm) ?? []
    expect(beats.length).toBeGreaterThanOrEqual(2)
    reporter.onRunEnd?.(run([]))
    const after = out.text().length
    await new Promise((r) => setTimeout(r, 200))
    expect(out.text().length).toBe(after)
  })

  it('prints no heartbeat on a terminal, where the progress line moves instead', async () => {
    const out = terminal(true)
    const reporter = consoleReporter({ stdout: out.stream, outDir: '.', env: {} }, { heartbeatMs: 30 })
    reporter.onScenarioStart?.({ name: 'slow', suite: 'stress', description: '', plan })
    await new Promise((r) => setTimeout(r, 150))
    expect(out.text()).not.toContain('still running')
  })
})
