import type { Verdict } from '@leakwatch/grader'
import type { ScenarioReport } from '@leakwatch/runner'
import { describe, expect, it } from 'vitest'
import { describeResult, failsTest, type LeakResult, type LeakStatus } from './leak-result.js'

const report = (status: LeakStatus, extra: Partial<ScenarioReport> = {}): LeakResult => ({
  mode: 'isolated',
  name: 'x',
  report: { name: 'x', suite: 'vitest', description: '', params: {}, plan: { mode: 'cycles', cycles: 10, checkpointEvery: 1, warmup: { cycles: 1 }, timeoutMs: 1000, scale: 1 }, status, samplesFile: '/tmp/x.ndjson', durationMs: 1, ...extra },
})

describe('failsTest()', () => {
  it.each([
    ['pass', 'fail', false],
    ['warn', 'fail', false],
    ['warn', 'warn', true],
    ['fail', 'fail', true],
    ['error', 'fail', true],
    ['skip', 'warn', false],
  ] as const)('%s with failOn %s: %s', (status, failOn, fails) => {
    expect(failsTest(report(status), { failOn })).toBe(fails)
  })
})

describe('describeResult()', () => {
  it('says why a run could not be measured, and where its log is', () => {
    const text = describeResult(report('error', { error: 'cycle threw: boom', logFile: '/tmp/x.log' }))
    expect(text).toContain("leakwatch: 'x' ERROR (isolated")
    expect(text).toContain('Error: cycle threw: boom')
    expect(text).toContain('Log: /tmp/x.log')
  })

  it('prints the verdict with its reasons and actions', () => {
    const verdict = { status: 'fail', initial: 1e6, final: 2e6, growth: 1e6, growthPct: 100, durationMs: 10, tier: 'short', thresholds: { warnPct: 5, failPct: 10 }, layers: [], trend: {}, patterns: [], reasons: ['Open fds left after teardown: 20 → 40 (+20)'], actions: ['Close files'] } as unknown as Verdict
    const text = describeResult(report('fail', { verdict }))
    expect(text).toContain('  - Open fds left after teardown: 20 → 40 (+20)')
    expect(text).toContain('  1. Close files')
  })
})
