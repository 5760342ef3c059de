import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { RunReport, ScenarioReport } from '@leakwatch/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { type JsonTestResult, readVitestJson, runVitest, type VitestRun } from './_support/run-vitest.js'

const FIXTURE = fileURLToPath(new URL('./fixtures/async-leaks', import.meta.url))

// leakwatch's side of bench/vs-detect-async-leaks.mjs (vitest's side is printed there, not
// asserted: what --detectAsyncLeaks reports may change between vitest versions).
describe('test.leak on the async leaks vitest --detectAsyncLeaks looks for', () => {
  const temp = tempFolder('leakwatch-async-')
  const outDir = join(temp.dir, 'leakwatch-results')
  let run: VitestRun
  let tests: JsonTestResult[]
  let scenarios: Map<string, ScenarioReport>
  const reasons = (name: string) => scenarios.get(name)?.verdict?.reasons ?? []

  beforeAll(async () => {
    const vitestJson = join(temp.dir, 'vitest.json')
    run = await runVitest(FIXTURE, ['.leak.test.ts'], { LEAKWATCH_FIXTURE_OUT: outDir, LEAKWATCH_FIXTURE_VITEST_JSON: vitestJson })
    tests = readVitestJson(vitestJson)
    const report = JSON.parse(readFileSync(join(outDir, 'leakwatch-results.json'), 'utf8')) as RunReport
    scenarios = new Map(report.scenarios.map((s) => [s.name, s]))
  }, 180_000)

  it('fails the four leaky tests and passes the clean HTTP client', () => {
    expect(run.code).toBe(1)
    const status = Object.fromEntries(tests.map((t) => [t.title, t.status]))
    expect(status).toEqual({ 'a-intervals': 'failed', 'b-worker': 'failed', 'c-fds': 'failed', 'd-sockets': 'failed', 'e-http-clean': 'passed' })
    expect(scenarios.get('e-http-clean')?.status).toBe('pass')
  })

  it('(a) counts the 2,200 intervals left', () => {
    expect(scenarios.get('a-intervals')?.status).toBe('fail')
    expect(reasons('a-intervals')).toContainEqual(expect.stringMatching(/^Live libuv resources left after teardown: \d+ → \d+ \(\+2200: Timeout \+2200\)/))
  })

  it('(b) counts the worker thread left', () => {
    expect(scenarios.get('b-worker')?.status).toBe('fail')
    expect(reasons('b-worker')).toContainEqual(expect.stringMatching(/^Threads left after teardown: \d+ → \d+ \(\+1\)/))
  })

  it('(c) counts the 200 fds left', () => {
    expect(scenarios.get('c-fds')?.status).toBe('fail')
    expect(reasons('c-fds')).toContainEqual(expect.stringMatching(/^Open fds left after teardown: \d+ → \d+ \(\+\d+: file \+200\)/))
  })

  // fds are counted by kind: the total can be off by an fd the child itself closed or opened
  it('(d) counts the 20 servers and 40 sockets left', () => {
    expect(scenarios.get('d-sockets')?.status).toBe('fail')
    expect(reasons('d-sockets')).toContainEqual(expect.stringMatching(/^Open fds left after teardown: \d+ → \d+ \(\+\d+: socket \+60\)/))
    expect(reasons('d-sockets')).toContainEqual(expect.stringMatching(/^Live libuv resources left after teardown: \d+ → \d+ \(\+60: TCPSocketWrap \+40, TCPServerWrap \+20\)/))
  })
})
