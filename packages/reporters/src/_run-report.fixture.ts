import type { Diagnosis, Sample } from '@leakwatch/contracts'
import { gradeSeries, type Verdict } from '@leakwatch/grader'
import { countStatuses, type RunReport, type ScenarioReport } from '@leakwatch/runner'

// Shared by the tests of the markdown, junit and github reporters: results built from graded
// synthetic series, the way a run builds them.

const MiB = 2 ** 20

/** 30 checkpoints, 10 cycles and 1 s apart; RSS in MiB by checkpoint, the JS heap a tenth of it on 20 MiB. */
function series(count: number, rssMiB: (i: number) => number): Sample[] {
  return Array.from({ length: count }, (_, i) => ({ t: i * 1000, cycle: i * 10, phase: 'measure', rss: rssMiB(i) * MiB, heapUsed: (20 + rssMiB(i) * 0.1) * MiB }))
}

/** Grades that the tests rely on, checked where they are made. */
export const verdicts = {
  /** 2 MiB of RSS a checkpoint: fail, decided by the JS heap. */
  leaky: gradeSeries(series(30, (i) => 100 + i * 2)),
  /** Flat: pass. */
  clean: gradeSeries(series(30, (i) => 100 + (i % 3) * 0.1)),
  /** 0.3 MiB a checkpoint: a slow leak, warn. */
  slow: gradeSeries(series(30, (i) => 100 + i * 0.3)),
}
if (verdicts.leaky.status !== 'fail' || verdicts.clean.status !== 'pass' || verdicts.slow.status !== 'warn') {
  throw new Error(`the fixture's series no longer grade fail, pass, warn: ${verdicts.leaky.status}, ${verdicts.clean.status}, ${verdicts.slow.status}`)
}

/** Every character that breaks a format when it is not escaped. */
export const HOSTILE = 'evil <b>&amp;</b> "q" \'a\' ]]> a|b\nline2\r\u0001\u001b[2J\u0000 `x` *y* [l](u) %25 a:b,c'

export const diagnosis = (file: string): Diagnosis => ({
  cycles: 300,
  durationMs: 4000,
  measureMs: 3000,
  parts: ['snapshot'],
  findings: [
    { kind: 'heap-object', what: 'Map', summary: 'Map +300 entries (1.0 per cycle)', count: 300, site: { file: 'node:internal/timers', line: 1, column: 1 } },
    { kind: 'heap-object', what: 'FrameRecord', summary: 'FrameRecord +300 (1.0 per cycle)', count: 300, site: { file, line: 42, column: 7, function: 'capture' }, retainers: ['(module) cache', 'Map'] },
  ],
  notes: [],
})

export function scenario(name: string, status: ScenarioReport['status'], extra: Partial<ScenarioReport> = {}): ScenarioReport {
  return {
    name,
    suite: 'quick',
    description: `the ${name} scenario`,
    params: {},
    plan: { mode: 'cycles', cycles: 290, checkpointEvery: 10, warmup: { cycles: 10 }, timeoutMs: 600_000, scale: 1 },
    status,
    samplesFile: `/out/${name}.ndjson`,
    durationMs: 1500,
    ...extra,
  }
}

export function withReason(verdict: Verdict, reason: string): Verdict {
  return { ...verdict, reasons: [reason, ...verdict.reasons.slice(1)] }
}

export function runReport(scenarios: ScenarioReport[], extra: Partial<RunReport> = {}): RunReport {
  return {
    schema: 'leakwatch/results@2',
    tool: { name: 'leakwatch', version: '0.1.0' },
    env: { node: 'v20.20.0', platform: 'linux', arch: 'x64', cpus: 4, totalMemory: 8 * 2 ** 30, ci: true },
    startedAt: '2026-01-02T03:04:05.678Z',
    durationMs: 12_345,
    scale: 1,
    interrupted: false,
    scenarios,
    totals: countStatuses(scenarios),
    ...extra,
  }
}

/**
 * One of each status, and a failing scenario whose name, suite, description, reason and
 * error are hostile.
 */
export function mixedReport(root = '/app'): RunReport {
  return runReport([
    scenario('leaky-cache', 'fail', { verdict: verdicts.leaky, diagnosis: diagnosis(`${root}/src/cache.ts`) }),
    scenario('clean-loop', 'pass', { verdict: verdicts.clean }),
    scenario('slow-drip', 'warn', { suite: 'stress', verdict: verdicts.slow }),
    scenario('crashes', 'error', { suite: 'stress', error: 'timeout after 2.0 s (possible deadlock)', file: `${root}/scenarios/crash.scenario.ts` }),
    scenario('needs-opencv', 'skip', { suite: 'video', skipped: 'the OpenCV binding is not installed' }),
    scenario(HOSTILE, 'fail', { suite: `custom ${HOSTILE}`, description: HOSTILE, verdict: withReason(verdicts.leaky, HOSTILE), samplesFile: `/out/${HOSTILE}.ndjson` }),
  ])
}
