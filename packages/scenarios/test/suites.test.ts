import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeSeries } from '@leakwatch/grader'
import { afterAll, describe, expect, it } from 'vitest'
import { BUILTINS, resolveScenarios, runScenario } from '../src/index.js'

// Every built-in scenario, clean and with its fault switched on, at a reduced scale: the
// clean workload must pass and the leaky twin must be flagged.
const out = mkdtempSync(join(tmpdir(), 'leakwatch-suites-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Small enough to keep the suite fast, large enough for each fault to show. */
const SCALE: Record<string, number> = { 'detection-pipeline-extended-operation': 0.02 }

async function grade(name: string, fault: boolean) {
  const [ref] = await resolveScenarios({ targets: [name] })
  if (!ref) throw new Error(`no scenario ${name}`)
  const run = await runScenario(ref, { outDir: join(out, fault ? 'fault' : 'clean'), scale: SCALE[name] ?? 0.1, params: { fault } })
  expect(run.error).toBeUndefined()
  return gradeSeries(run.samples)
}

describe.each(BUILTINS.map((s) => [s.name]))('%s', (name) => {
  it('passes when clean', async () => {
    const verdict = await grade(name, false)
    expect(verdict.status, verdict.reasons.join('\n')).toBe('pass')
  })

  it('is flagged with its fault switched on', async () => {
    const verdict = await grade(name, true)
    expect(['warn', 'fail'], verdict.reasons.join('\n')).toContain(verdict.status)
  })
})
