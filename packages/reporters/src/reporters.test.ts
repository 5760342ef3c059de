import type { Sample } from '@leakwatch/contracts'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeSeries } from '@leakwatch/grader'
import { afterAll, describe, expect, it } from 'vitest'
import { consoleReporter } from './console-reporter.js'
import { jsonReporter } from './json-reporter.js'
import { countStatuses, type RunPlan, type RunReport, type ScenarioReport } from '@leakwatch/runner'
import { terminal } from './_terminal.fixture.js'

const MiB = 2 ** 20
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-reporters-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// The guide's FAILED example as checkpoints, with threads.
const checkpoints: Sample[] = [
  [0, 128.3, 12], [20, 145.7, 14], [40, 162.8, 16], [60, 179.3, 18], [80, 195.1, 20], [100, 210.4, 22],
].map(([cycle, mb, threads]) => ({ t: (cycle as number) * 1000, rss: (mb as number) * MiB, cycle, threads, phase: 'measure' }))

const cyclesPlan = (cycles: number): RunPlan => ({ mode: 'cycles', cycles, checkpointEvery: 10, warmup: { cycles: 10 }, timeoutMs: 600_000, scale: 1 })

function scenarioReport(status: ScenarioReport['status'], extra: Partial<ScenarioReport> = {}): ScenarioReport {
  return { name: 'rapid-start-stop-cycles', suite: 'stress', description: '', params: {}, plan: cyclesPlan(100), status, samplesFile: 's.ndjson', durationMs: 1234, ...extra }
}

describe('consoleReporter()', () => {
  it("prints the guide's checkpoint lines, then the verdict", () => {
    const out = terminal(false)
    const reporter = consoleReporter({ stdout: out.stream, outDir: dir, env: {} })
    reporter.onScenarioStart?.({ name: 'rapid-start-stop-cycles', suite: 'stress', description: '100 cycles', plan: cyclesPlan(100) })
    for (const s of checkpoints) reporter.onSample?.('rapid-start-stop-cycles', s)
    reporter.onScenarioEnd?.(scenarioReport('fail', { verdict: gradeSeries(checkpoints) }))
    const lines = out.text().split('\n')
    expect(lines.slice(1, 8)).toEqual([
      '▶ rapid-start-stop-cycles (stress): 100 cycles',
      'Initial memory: 128.3 MiB, 12 threads',
      '  Cycle   20:   145.7 MiB ( +17.4 MiB, +13.6%), 14 threads (+2)',
      '  Cycle   40:   162.8 MiB ( +34.5 MiB, +26.9%), 16 threads (+4)',
      '  Cycle   60:   179.3 MiB ( +51.0 MiB, +39.8%), 18 threads (+6)',
      '  Cycle   80:   195.1 MiB ( +66.8 MiB, +52.1%), 20 threads (+8)',
      '  Cycle  100:   210.4 MiB ( +82.1 MiB, +64.0%), 22 threads (+10)',
    ])
    expect(out.text()).toContain('Final: 128.3 MiB → 210.4 MiB (+82.1 MiB, +64.0%)\nThreads: 12 → 22 (+10 threads)\nLayers')
    expect(out.text()).toContain('\n\nFAIL (1.2 s)\n  - Threads left after teardown: 12 → 22 (+10)\n')
  })

  it('prints about a tenth of the run per line, and says when and why a run was extended', () => {
    const out = terminal(false)
    const reporter = consoleReporter({ stdout: out.stream, outDir: dir, env: {} })
    reporter.onScenarioStart?.({ name: 'c', suite: 'custom', description: '', plan: cyclesPlan(100) })
    // a checkpoint every 2 cycles, and 50 more cycles of extension
    for (let cycle = 0; cycle <= 150; cycle += 2) reporter.onSample?.('c', { t: cycle * 10, rss: 100 * MiB, cycle, phase: 'measure' })
    reporter.onScenarioEnd?.(scenarioReport('warn', { extended: { planned: 100, ran: 150, unit: 'cycles', reasons: ['only 8 checkpoints, 10 needed'] } }))
    const cycles = [...out.text().matchAll(/Cycle +(\d+):/g)].map((m) => Number(m[1]))
    expect(cycles).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150])
    expect(out.text()).toContain('Extended: 100 → 150 cycles, because only 8 checkpoints, 10 needed\n')
  })

  it('labels checkpoints of a duration scenario by time', () => {
    const out = terminal(false)
    const reporter = consoleReporter({ stdout: out.stream, outDir: dir, env: {} })
    reporter.onScenarioStart?.({ name: 'p', suite: 'stress', description: '', plan: { mode: 'duration', durationMs: 300_000, checkpointMs: 60_000, warmup: { ms: 30_000 }, timeoutMs: 660_000, scale: 1 } })
    reporter.onSample?.('p', { t: 100, rss: 100 * MiB, cycle: 0, phase: 'measure' })
    reporter.onSample?.('p', { t: 60_100, rss: 101 * MiB, cycle: 3600, phase: 'measure' })
    expect(out.text()).toContain('  [  60s]   101.0 MiB (  +1.0 MiB,  +1.0%)\n')
  })

  it('shows a status line on a terminal only, and clears it before the next line', () => {
    const tty = terminal(true)
    const plain = terminal(false)
    for (const out of [tty, plain]) {
      const reporter = consoleReporter({ stdout: out.stream, outDir: dir, env: {} })
      reporter.onScenarioStart?.({ name: 'p', suite: 'quick', description: '', plan: cyclesPlan(100) })
      reporter.onSample?.('p', { t: 300, rss: 100 * MiB, phase: 'measure' })
      reporter.onSample?.('p', { t: 400, rss: 100 * MiB, cycle: 0, phase: 'measure' })
    }
    expect(tty.text()).toMatch(/^\r\u001b\[2K⏳ p {2}[\d.]+ s {2}rss 100\.0 MiB\r\u001b\[2KInitial memory: 100\.0 MiB\n/m)
    expect(plain.text()).not.toContain('⏳')
    expect(plain.text()).not.toContain('\r')
  })

  it('says why a scenario was skipped', () => {
    const out = terminal(false)
    consoleReporter({ stdout: out.stream, outDir: dir, env: {} }).onScenarioEnd?.(scenarioReport('skip', { skipped: 'the OpenCV binding is not installed' }))
    expect(out.text()).toBe('SKIP: the OpenCV binding is not installed\n')
  })

  it('says why a scenario errored and where its samples are', () => {
    const out = terminal(false)
    consoleReporter({ stdout: out.stream, outDir: dir, env: {} }).onScenarioEnd?.(scenarioReport('error', { error: 'timeout after 2.0 s (possible deadlock)' }))
    expect(out.text()).toBe('ERROR (1.2 s): timeout after 2.0 s (possible deadlock)\n   what was measured is in s.ndjson\n')
  })
})

describe('jsonReporter()', () => {
  it('writes leakwatch-results.json at the end of the run, and nothing else', async () => {
    const out = join(dir, 'json')
    const scenarios = [scenarioReport('pass'), scenarioReport('warn')]
    const report: RunReport = {
      schema: 'leakwatch/results@2',
      tool: { name: 'leakwatch', version: '0.0.0' },
      env: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, totalMemory: 1, ci: false },
      startedAt: new Date(0).toISOString(),
      durationMs: 10,
      scale: 1,
      interrupted: false,
      scenarios,
      totals: countStatuses(scenarios),
    }
    await jsonReporter({ stdout: process.stdout, outDir: out }).onRunEnd?.(report)
    expect(readdirSync(out)).toEqual(['leakwatch-results.json'])
    expect(JSON.parse(readFileSync(join(out, 'leakwatch-results.json'), 'utf8'))).toEqual(report)
    expect(report.totals).toEqual({ pass: 1, warn: 1, fail: 0, skip: 0, error: 0 })
  })
})
