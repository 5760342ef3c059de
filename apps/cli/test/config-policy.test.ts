import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { configProjects, leakwatch, results, RUN_MS } from './_config-project.js'

// The policy a config file sets: overrides of single scenarios, and allowances.
const project = configProjects()

describe('per-scenario overrides', () => {
  // two scenarios with the same leak (80 KiB of JS heap a cycle); the override allows the
  // second's heap 1 GiB and gives it 80 cycles: it alone passes
  const dir = project({
    'leakwatch.config.json': JSON.stringify({
      scenarios: ['leaks/*.leak.mjs'],
      reporters: ['json'],
      diagnose: 'never',
      overrides: { 'leaky-b*': { policy: { allowances: { heap: '1 GiB' } }, cycles: 80 } },
    }),
    'leaks/leaky.mjs': 'fixture:leaky.mjs',
    'leaks/a.leak.mjs': "import { leaky } from './leaky.mjs'\nexport default leaky('leaky-a')\n",
    'leaks/b.leak.mjs': "import { leaky } from './leaky.mjs'\nexport default leaky('leaky-b')\n",
  })

  it('apply their policy and cycles to the scenarios they name only', () => {
    const r = leakwatch(['run'], dir)
    expect(r.code, r.stderr).toBe(1)
    const [a, b] = results(join(dir, 'leakwatch-results', 'leakwatch-results.json')).scenarios
    expect([a?.name, a?.status, a?.plan.cycles]).toEqual(['leaky-a', 'fail', 100])
    expect([b?.name, b?.status, b?.plan.cycles]).toEqual(['leaky-b', 'pass', 80])
    expect(b?.verdict?.reasons[0]).toMatch(/allowed by the policy: it grew [\d.]+ MiB over the run, within its allowance of 1024\.0 MiB/)
  }, RUN_MS)
})

describe('a policy allowance in the config file', () => {
  // a cache that grows ~20 MiB over most of the run, then stays flat; not extended, so that
  // the verdict is the planned run's (V8's heap after forced GCs is the same every run)
  const config = (policy: object) => JSON.stringify({ scenarios: ['*.leak.mjs'], reporters: ['json'], diagnose: 'never', extension: false, policy })
  const dir = project({ 'cache.leak.mjs': 'fixture:bounded-cache.leak.mjs', 'leakwatch.config.json': config({}) })
  const verdict = () => results(join(dir, 'leakwatch-results', 'leakwatch-results.json')).scenarios[0]

  it('passes a bounded cache that would warn without it, and says so', () => {
    expect(leakwatch(['run'], dir).code).toBe(0)
    expect(verdict()?.status).toBe('warn')
    writeFileSync(join(dir, 'leakwatch.config.json'), config({ allowances: { heap: '50 MiB' } }))
    const r = leakwatch(['run', '--fail-on', 'warn'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(verdict()?.status).toBe('pass')
    expect(verdict()?.verdict?.reasons[0]).toMatch(/allowed by the policy: it grew 1\d\.\d MiB over the run, within its allowance of 50\.0 MiB/)
  }, RUN_MS)

  it('gives way to a --policy file field by field', () => {
    writeFileSync(join(dir, 'tight.json'), '{ "allowances": { "heap": "5 MiB" } }')
    expect(leakwatch(['run', '--policy', 'tight.json'], dir).code).toBe(0)
    expect(verdict()?.status).toBe('warn')
  }, RUN_MS)
})
