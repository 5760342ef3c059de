import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { type Reporter, type RunReport, runSuite } from '../src/index.js'

// registers the suites 'quick' (q-one, q-two: 20 cycles, `fault` keeps 64 KiB a cycle) and 'slow'
await import(new URL('./fixtures/registered-suite.mjs', import.meta.url).href)
const temp = tempFolder('leakwatch-run-suite-')

/** A reporter that writes down which hook was called, in order. */
function recorder() {
  const calls: string[] = []
  const plans: unknown[] = []
  let samples = 0
  const reporter: Reporter = {
    onRunStart: ({ scenarios }) => calls.push(`run-start ${scenarios.map((s) => s.name).join(',')}`),
    onScenarioStart: ({ name, plan }) => {
      calls.push(`start ${name}`)
      plans.push(plan)
    },
    onSample: () => {
      samples++
    },
    onScenarioEnd: (report) => calls.push(`end ${report.name} ${report.status}`),
    onRunEnd: async (report) => {
      calls.push(`run-end ${report.scenarios.length}`)
    },
  }
  return { reporter, calls, plans, samples: () => samples }
}

describe('runSuite()', () => {
  it('plans, runs, grades and reports each scenario, telling the reporters as it goes', async () => {
    const r = recorder()
    const report = await runSuite({ outDir: join(temp.dir, 'clean'), reporters: [r.reporter], extension: false })
    expect(r.calls).toEqual(['run-start q-one,q-two', 'start q-one', 'end q-one pass', 'start q-two', 'end q-two pass', 'run-end 2'])
    expect(r.samples()).toBeGreaterThan(20 * 2)
    // the plan each reporter was told is the one the scenario ran with: made once
    expect(r.plans).toEqual(report.scenarios.map((s) => s.plan))
    expect(report).toMatchObject({
      schema: 'leakwatch/results@2',
      tool: { name: '@leakwatch/runner' },
      interrupted: false,
      totals: { pass: 2, warn: 0, fail: 0, skip: 0, error: 0 },
    })
    expect(report.scenarios[0]).toMatchObject({ name: 'q-one', suite: 'quick', status: 'pass', verdict: { status: 'pass' } })
  })

  it('fails the leaky twin: params reach every scenario', async () => {
    const report = await runSuite({ targets: ['q-one'], outDir: join(temp.dir, 'fault'), params: { fault: true }, extension: false })
    expect(report.scenarios[0]).toMatchObject({ status: 'fail', params: { fault: true }, verdict: { decidedBy: 'buffers' } })
  })

  it('stops when the signal aborts, reports what ran and says it was interrupted', async () => {
    const controller = new AbortController()
    const stopper: Reporter = { onSample: (_name, sample) => sample.cycle === 10 && controller.abort() }
    let ended: RunReport | undefined
    const report = await runSuite({
      outDir: join(temp.dir, 'abort'),
      reporters: [stopper, { onRunEnd: (r) => void (ended = r) }],
      signal: controller.signal,
    })
    expect(report.interrupted).toBe(true)
    expect(report.scenarios.map((s) => [s.name, s.status, s.error])).toEqual([['q-one', 'error', 'interrupted']])
    expect(ended).toBe(report)
  })
})
