import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Diagnosis, Finding, FindingKind } from '@leakwatch/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// End to end, issue 12's "Done when": the built bin runs each leaky TypeScript fixture of
// test/fixtures/where (loaded through jiti, so a site proves the mapping to the .ts line), and
// the diagnosis of the failing run names the constructor or collection, the line that
// allocates or creates it, the handle type, the fd target, the thread, the native module.
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const fixtures = fileURLToPath(new URL('./fixtures/where/', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'leakwatch-where-test-'))

beforeAll(() => {
  if (!existsSync(dist)) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before `test`)')
})
afterAll(() => rmSync(out, { recursive: true, force: true }))

// a run, then its diagnosis pass: a few seconds each, far more on a loaded machine
const RUN_MS = 240_000

interface Run {
  file: string
  source: string
  status: string
  skipped?: string
  diagnosis?: Diagnosis
}

/** `leakwatch run <fixture> --reporter json [flags]`, and its one scenario from the results file. */
function run(fixture: string, ...flags: string[]): Run {
  const file = join(fixtures, `${fixture}.scenario.ts`)
  const dir = join(out, [fixture, ...flags].join('_').replace(/[^\w.-]/g, ''))
  const cli = spawnSync(process.execPath, [bin, 'run', file, '--out', dir, '--reporter', 'json', ...flags], { encoding: 'utf8', timeout: RUN_MS })
  const resultsFile = join(dir, 'leakwatch-results.json')
  if (!existsSync(resultsFile)) throw new Error(`no results (exit ${cli.status}): ${cli.stderr.trim().split('\n').slice(-3).join(' / ')}`)
  const scenario = JSON.parse(readFileSync(resultsFile, 'utf8')).scenarios[0]
  return { file, source: readFileSync(file, 'utf8'), status: scenario.status, skipped: scenario.skipped, diagnosis: scenario.diagnosis }
}

/** The 1-based line of `source` that contains `text`, which must be on exactly one line. */
function lineOf(source: string, text: string): number {
  const lines = source.split('\n').flatMap((l, i) => (l.includes(text) && !/^\s*where:/.test(l) ? [i + 1] : []))
  if (lines.length !== 1) throw new Error(`'${text}' is on ${lines.length} lines of the fixture`)
  return lines[0] as number
}

/** The first finding when it is of one of `kinds`, else the first finding of those kinds. */
function findingOf(run: Run, kinds: FindingKind[]): Finding | undefined {
  const findings = run.diagnosis?.findings ?? []
  return findings[0] && kinds.includes(findings[0].kind) ? findings[0] : findings.find((f) => kinds.includes(f.kind))
}

const asPath = (file: string) => (file.startsWith('file://') ? fileURLToPath(file) : file)

/** Whether the finding's site, or one of its first three stack frames, is `file:line`. */
function pointsAt(f: Finding | undefined, file: string, line: number): boolean {
  const places = [f?.site, ...(f?.stack ?? []).slice(0, 3)]
  return places.some((p) => p !== undefined && asPath(p.file) === file && p.line === line)
}

/** What a failed expectation shows: the findings in short. */
const shown = (run: Run) =>
  JSON.stringify({ status: run.status, notes: run.diagnosis?.notes, error: run.diagnosis?.error, findings: run.diagnosis?.findings.map((f) => ({ kind: f.kind, what: f.what, module: f.module, summary: f.summary, site: f.site, stack: f.stack?.slice(0, 3) })) }, null, 1)

/** The run flagged the leak (fail or warn), and has a diagnosis. */
function expectFlagged(run: Run) {
  expect(['fail', 'warn'], shown(run)).toContain(run.status)
  expect(run.diagnosis, shown(run)).toBeDefined()
}

describe('leakwatch run on a leaky TypeScript fixture: the diagnosis names where it leaks', () => {
  it('a class retained in a module-level array: the constructor FrameRecord and the .ts line that pushes it', () => {
    const r = run('frame-records')
    expectFlagged(r)
    const f = findingOf(r, ['heap-object'])
    expect(`${f?.what} ${f?.summary}`, shown(r)).toMatch(/\bFrameRecord\b/)
    expect(pointsAt(f, r.file, lineOf(r.source, 'records.push(new FrameRecord(')), shown(r)).toBe(true)
  }, RUN_MS)

  it('a Map keyed per cycle: the Map and the line that sets its keys', () => {
    const r = run('session-map')
    expectFlagged(r)
    const f = findingOf(r, ['heap-object'])
    expect(f?.what, shown(r)).toMatch(/\bMap\b/)
    expect(pointsAt(f, r.file, lineOf(r.source, 'sessions.set(sessionId, {')), shown(r)).toBe(true)
  }, RUN_MS)

  it('a timer never cleared: Timeout and the setInterval line', () => {
    const r = run('poller-timers')
    expectFlagged(r)
    const f = findingOf(r, ['handle'])
    expect(f?.what, shown(r)).toBe('Timeout')
    expect(f?.count ?? 0, shown(r)).toBeGreaterThan(0)
    expect(pointsAt(f, r.file, lineOf(r.source, 'return setInterval(')), shown(r)).toBe(true)
  }, RUN_MS)

  it('an fd never closed: the target pattern …/state-*.json.tmp', () => {
    const r = run('state-files')
    expectFlagged(r)
    const f = findingOf(r, ['fd'])
    // read after teardown, when the scenario has removed its folder, the kernel adds ` (deleted)`
    expect(f?.what, shown(r)).toMatch(/\/state-\*\.json\.tmp( \(deleted\))?$/)
    expect(f?.count ?? 0, shown(r)).toBeGreaterThan(0)
  }, RUN_MS)

  it('a worker never terminated: the thread and the line that creates the Worker', () => {
    const r = run('render-workers')
    expectFlagged(r)
    const f = findingOf(r, ['thread'])
    // Node 20 names every thread after its executable: the name is `node`, the line tells which
    expect(f?.what, shown(r)).toBeTruthy()
    expect(f?.count ?? 0, shown(r)).toBeGreaterThan(0)
    expect(pointsAt(f, r.file, lineOf(r.source, 'ctx.renderer = new Worker(RENDERER')), shown(r)).toBe(true)
  }, RUN_MS)
})

// The OpenCV binding is optional: reached, as the fixture does, through @leakwatch/suites.
// LEAKWATCH_REQUIRE_NATIVE=1 makes a missing binding a failure (the fixture's skip() throws).
const opencv = await (async () => {
  try {
    const suites = createRequire(import.meta.url).resolve('@leakwatch/suites')
    const native = (await import(pathToFileURL(createRequire(suites).resolve('@leakwatch/native')).href)) as { isAvailable(): { ok: boolean } }
    return native.isAvailable().ok
  } catch {
    return false
  }
})()
const JEMALLOC = ['/usr/lib/x86_64-linux-gnu/libjemalloc.so.2', '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2', '/usr/lib/libjemalloc.so.2', '/usr/local/lib/libjemalloc.so.2']
const jemalloc = JEMALLOC.some((p) => existsSync(p))

describe.skipIf(!opencv && process.env.LEAKWATCH_REQUIRE_NATIVE !== '1')('an OpenCV video writer never released', () => {
  it.runIf(jemalloc)('with --native-profile: a native finding in OpenCV (its module or symbol)', () => {
    const r = run('opencv-writer', '--native-profile')
    expectFlagged(r)
    expect(r.diagnosis?.parts, shown(r)).toContain('native')
    const f = findingOf(r, ['native'])
    // the memory may be asked for by OpenCV's video backend (libavcodec): then the finding's
    // stack and its summary ("via VideoWriter::New (opencv4nodejs.node)") name the writer
    const named = [f?.module, f?.what, f?.summary, ...(f?.stack ?? []).map((s) => `${s.function} ${s.file}`)].join('\n')
    expect(named, shown(r)).toMatch(/opencv|cv::VideoWriter|VideoWriter::/i)
    expect(f?.bytes ?? 0, shown(r)).toBeGreaterThan(0)
  }, RUN_MS)

  it.runIf(!jemalloc)('with --native-profile but no jemalloc: a note that says what to install', () => {
    const r = run('opencv-writer', '--native-profile')
    expectFlagged(r)
    expect(r.diagnosis?.notes.join('\n'), shown(r)).toMatch(/jemalloc/i)
    expect(r.diagnosis?.notes.join('\n'), shown(r)).toMatch(/install|libjemalloc2/i)
  }, RUN_MS)
})

describe('the clean twins: a pass, and no culprit that grows with the cycles', () => {
  it.each([
    ['frame-records-clean', /\bFrameRecord\b/],
    ['session-map-clean', /\bMap\b/],
  ])('%s', (fixture, culprit) => {
    const r = run(fixture, '--diagnose')
    expect(r.status, shown(r)).toBe('pass')
    expect(r.diagnosis, shown(r)).toBeDefined()
    const growing = (r.diagnosis?.findings ?? []).filter((f) => f.kind === 'heap-object' && culprit.test(f.what) && (f.perCycle ?? 0) >= 0.5)
    expect(growing, shown(r)).toEqual([])
  }, RUN_MS)
})
