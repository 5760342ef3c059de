import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RunReport, ScenarioReport } from '@leakwatch/runner'
import { describe, expect, it } from 'vitest'
import type { TestModule, Vitest } from 'vitest/node'
import { tempFolder } from '../../../tools/temp-folder.js'
import { LeakwatchReporter, OUT_DIR_ENV } from './reporter.js'

const scenario = (name: string, status: ScenarioReport['status']): ScenarioReport => ({
  name,
  suite: 'vitest',
  description: '',
  params: {},
  plan: { mode: 'cycles', cycles: 10, checkpointEvery: 1, warmup: { cycles: 1 }, timeoutMs: 1000, scale: 1 },
  status,
  samplesFile: `/tmp/${name}.ndjson`,
  durationMs: 5,
})

/** A test module as vitest's reporter API gives it: its tests and their meta. */
function testModule(metas: object[]): TestModule {
  return { children: { allTests: () => metas.map((meta) => ({ meta: () => meta })) } } as unknown as TestModule
}

describe('LeakwatchReporter', () => {
  const temp = tempFolder('leakwatch-reporter-')

  it("writes the leak checks' results JSON and JUnit in outDir, relative to vitest's root", async () => {
    const reporter = new LeakwatchReporter({ outDir: 'out' })
    const before = process.env[OUT_DIR_ENV]
    try {
      reporter.onInit({ config: { root: temp.dir } } as unknown as Vitest)
      expect(process.env[OUT_DIR_ENV]).toBe(join(temp.dir, 'out'))
    } finally {
      if (before === undefined) delete process.env[OUT_DIR_ENV]
      else process.env[OUT_DIR_ENV] = before
    }
    await reporter.onTestRunEnd([
      testModule([{}, { leakwatch: { reports: [scenario('leaky', 'fail')], warnIsFailure: false } }]),
      testModule([{ leakwatch: { reports: [scenario('bounded', 'pass'), scenario('maybe', 'warn')], warnIsFailure: true } }]),
    ])
    const report = JSON.parse(readFileSync(join(temp.dir, 'out', 'leakwatch-results.json'), 'utf8')) as RunReport
    expect(report.scenarios.map((s) => s.name)).toEqual(['leaky', 'bounded', 'maybe'])
    expect(report.totals).toEqual({ pass: 1, warn: 1, fail: 1, skip: 0, error: 0 })
    // a check with failOn: 'warn' makes a warn a JUnit failure
    expect(readFileSync(join(temp.dir, 'out', 'leakwatch-results.xml'), 'utf8')).toContain('failures="2"')
  })

  it('writes nothing when no test checked for leaks', async () => {
    const reporter = new LeakwatchReporter({ outDir: join(temp.dir, 'none') })
    await reporter.onTestRunEnd([testModule([{}])])
    expect(() => readFileSync(join(temp.dir, 'none', 'leakwatch-results.json'))).toThrow()
  })
})
