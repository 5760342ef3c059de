import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunReport } from '@leakwatch/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { IN_PROCESS_CAVEAT } from '../src/in-process.js'
import { type JsonTestResult, readVitestJson, runVitest, type VitestRun } from './_support/run-vitest.js'

const FIXTURE = fileURLToPath(new URL('./fixtures/basic', import.meta.url))

// One run of vitest on the fixture project (a leaky cache and its bounded twin), read by every test.
describe('vitest on a project with leak tests', () => {
  const temp = tempFolder('leakwatch-vitest-')
  const outDir = join(temp.dir, 'leakwatch-results')
  const vitestJson = join(temp.dir, 'vitest.json')
  let run: VitestRun
  let tests: JsonTestResult[]
  const byTitle = (title: string) => {
    const found = tests.find((t) => t.title === title)
    if (!found) throw new Error(`no test '${title}' in vitest's report:\n${run.output}`)
    return found
  }

  beforeAll(async () => {
    run = await runVitest(FIXTURE, [], { LEAKWATCH_FIXTURE_OUT: outDir, LEAKWATCH_FIXTURE_VITEST_JSON: vitestJson })
    tests = readVitestJson(vitestJson)
  }, 180_000)

  it('exits non-zero, failing only the leaky checks', () => {
    expect(run.code).toBe(1)
    const failed = tests.filter((t) => t.status === 'failed').map((t) => t.title)
    expect(failed.sort()).toEqual(['in-process: expectNoLeak fails on remember', 'remember keeps every frame'])
    expect(tests.filter((t) => t.status === 'passed')).toHaveLength(6)
  })

  it('fails test.leak with the verdict, its reasons, actions and where it grew', () => {
    const message = byTitle('remember keeps every frame').failureMessages.join('\n')
    expect(message).toContain("leakwatch: 'remember-keeps-every-frame' FAIL (isolated")
    expect(message).toMatch(/Buffers keeps rising \+(49|50|51)\.\d KiB\/cycle/)
    expect(message).toContain('Actions:')
    expect(message).toContain('Where it grew')
    expect(message).toMatch(/src\/cache\.ts:\d+/)
  })

  it('passes the bounded twin, isolated and in-process', () => {
    expect(byTitle('rememberLatest stays bounded').status).toBe('passed')
    expect(byTitle('in-process: rememberLatest does not leak').status).toBe('passed')
    expect(byTitle('in-process: toLeak sees remember leak').status).toBe('passed')
    expect(byTitle('a plain test in the same file').status).toBe('passed')
  })

  it("keeps vitest's .skip on leakwatch's test: the skipped test did not run", () => {
    expect(['skipped', 'pending']).toContain(byTitle('a test skipped through leakwatch test').status)
  })

  it('runs a declared scenario, and a { file, name } reference to one, isolated', () => {
    expect(byTitle('isolated: expectNoLeak runs a declared scenario in a child process').status).toBe('passed')
    expect(byTitle('isolated: toLeak on a { file, name } reference').status).toBe('passed')
  })

  it("states the in-process caveat in the in-process failure", () => {
    const message = byTitle('in-process: expectNoLeak fails on remember').failureMessages.join('\n')
    expect(message).toContain(IN_PROCESS_CAVEAT)
    expect(message).toContain('FAIL')
    expect(message).toMatch(/Buffers keeps rising/)
  })

  it("writes leakwatch's results JSON and JUnit for every leak check", () => {
    const report = JSON.parse(readFileSync(join(outDir, 'leakwatch-results.json'), 'utf8')) as RunReport
    expect(report.schema).toBe('leakwatch/results@2')
    expect(report.tool.name).toBe('@leakwatch/vitest')
    const statuses = Object.fromEntries(report.scenarios.map((s) => [s.name, s.status]))
    expect(statuses).toMatchObject({ 'remember-keeps-every-frame': 'fail', 'rememberLatest-stays-bounded': 'pass' })
    expect(report.scenarios).toHaveLength(7)
    expect(existsSync(join(outDir, 'samples', 'remember-keeps-every-frame.ndjson'))).toBe(true)
    const junit = readFileSync(join(outDir, 'leakwatch-results.xml'), 'utf8')
    expect(junit).toContain('tests="7"')
    expect(junit).toContain('remember-keeps-every-frame')
  })
})
