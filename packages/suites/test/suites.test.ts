import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeSeries } from '@leakwatch/grader'
import { afterAll, describe, expect, it } from 'vitest'
import { isAvailable } from '@leakwatch/native'
import { resolveScenarios, runScenario } from '@leakwatch/runner'
import { BUILTINS } from '../src/index.js'

// Every built-in scenario, clean and with its fault switched on, at a reduced scale: the
// clean workload must pass and the leaky twin must be flagged.
const out = mkdtempSync(join(tmpdir(), 'leakwatch-suites-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

/**
 * Small enough to keep the suite fast, large enough for each fault to show and for at least
 * 12 measured cycles (a checkpoint each): fewer are inconclusive by design.
 */
const SCALE: Record<string, number> = { 'detection-pipeline-extended-operation': 0.02 }
const scaleOf = (name: string, cycles: number | undefined) => SCALE[name] ?? (cycles ? Math.max(0.1, 12 / cycles) : 0.1)
const PARAMS: Record<string, Record<string, unknown>> = { 'video-writer-large-file-cycles': { frames: 60 } }

async function grade(name: string, fault: boolean) {
  const [ref] = await resolveScenarios({ targets: [name] })
  if (!ref) throw new Error(`no scenario ${name}`)
  const params = { ...PARAMS[name], fault }
  // extended when the grader asks, as `leakwatch run` does
  const extend = (samples: Parameters<typeof gradeSeries>[0]) => gradeSeries(samples).extend
  const run = await runScenario(ref, { outDir: join(out, fault ? 'fault' : 'clean'), scale: scaleOf(name, ref.scenario.cycles), params, extend })
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

  it('is flagged with its fault switched on, on evidence', async () => {
    const verdict = await grade(name, true)
    expect(['warn', 'fail'], verdict.reasons.join('\n')).toContain(verdict.status)
    expect(verdict.inconclusive, verdict.reasons.join('\n')).toBeUndefined()
  })
})
