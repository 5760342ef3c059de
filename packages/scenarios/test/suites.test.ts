import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeSeries } from '@leakwatch/grader'
import { afterAll, describe, expect, it } from 'vitest'
import { isAvailable } from '@leakwatch/native'
import { BUILTINS, resolveScenarios, runScenario } from '../src/index.js'

// Every built-in scenario, clean and with its fault switched on, at a reduced scale: the
// clean workload must pass and the leaky twin must be flagged.
const out = mkdtempSync(join(tmpdir(), 'leakwatch-suites-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Small enough to keep the suite fast, large enough for each fault to show. */
const SCALE: Record<string, number> = { 'detection-pipeline-extended-operation': 0.02 }
const PARAMS: Record<string, Record<string, unknown>> = { 'video-writer-large-file-cycles': { frames: 60 } }

async function grade(name: string, fault: boolean) {
  const [ref] = await resolveScenarios({ targets: [name] })
  if (!ref) throw new Error(`no scenario ${name}`)
  const params = { ...PARAMS[name], fault }
  const run = await runScenario(ref, { outDir: join(out, fault ? 'fault' : 'clean'), scale: SCALE[name] ?? 0.1, params })
  expect(run.error).toBeUndefined()
  expect(run.status).toBe('done')
  return gradeSeries(run.samples)
}

// the video suite needs the OpenCV binding; without it (and without LEAKWATCH_REQUIRE_NATIVE=1,
// which turns its absence into a failure) its scenarios are skipped, which the runner test proves
const native = isAvailable()
const runnable = BUILTINS.filter((s) => s.suite !== 'video' || native.ok || process.env.LEAKWATCH_REQUIRE_NATIVE === '1')

describe.each(runnable.map((s) => [s.name]))('%s', (name) => {
  it('passes when clean', async () => {
    const verdict = await grade(name, false)
    expect(verdict.status, verdict.reasons.join('\n')).toBe('pass')
  })

  it('is flagged with its fault switched on', async () => {
    const verdict = await grade(name, true)
    expect(['warn', 'fail'], verdict.reasons.join('\n')).toContain(verdict.status)
  })
})
