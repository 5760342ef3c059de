import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { policyForScenario } from '../src/config/scenarios.js'
import { isCi, resolveSettings } from '../src/config/settings.js'
import { defineConfig, type LeakwatchConfig } from '../src/index.js'
import { configProjects, inRepo, json, leakwatch, results, RUN_MS } from './_config-project.js'

// The config file: its types, how settings resolve, a project's globs, `leakwatch config`, and
// `import { defineConfig } from 'leakwatch'` where leakwatch is installed.
const project = configProjects()

describe('defineConfig()', () => {
  it('is the identity, and types the config', () => {
    const config = { scenarios: ['**/*.leak.ts'], policy: { allowances: { heap: '50 MiB' } }, ci: { failOn: 'warn' as const } }
    expect(defineConfig(config)).toBe(config)
    expectTypeOf(defineConfig).parameter(0).toEqualTypeOf<LeakwatchConfig>()
    // @ts-expect-error: failOn is 'fail' or 'warn'
    defineConfig({ failOn: 'error' })
  })
})

describe('resolveSettings()', () => {
  const loaded = (config: LeakwatchConfig) => ({ file: '/project/leakwatch.config.ts', label: 'leakwatch.config.ts', config })
  const MiB = 1024 * 1024

  it("merges the policy field by field: defaults < the file < its CI profile < --policy, and an override's over all of them", async () => {
    const dir = project({ 'policy.json': '{ "tiers": { "short": { "failPct": 14 } } }' })
    const config = loaded({
      policy: { tiers: { short: { warnPct: 6, failPct: 11 } }, allowances: { heap: '50 MiB' } },
      ci: { policy: { tiers: { short: { failPct: 12 } }, allowances: { fds: 1 } } },
      overrides: { 'api-*': { policy: { allowances: { heap: '1 GiB' } } }, 'api-slow': { policy: { tiers: { short: { failPct: 30 } } } } },
    })
    const settings = await resolveSettings(config, { policy: join(dir, 'policy.json') }, [], { CI: '1' })
    expect(settings.policy?.tiers.short).toEqual({ upToMs: 60_000, warnPct: 6, failPct: 14 })
    expect(settings.policy?.allowances).toEqual({ heap: 50 * MiB, fds: 1 })
    const policyFor = policyForScenario(settings)
    expect(policyFor?.('checkout')).toBeUndefined() // the run's policy
    expect(policyFor?.('api-fast')?.allowances).toEqual({ heap: 1024 * MiB, fds: 1 })
    expect(policyFor?.('api-slow')?.tiers.short).toEqual({ upToMs: 60_000, warnPct: 6, failPct: 30 })
    expect(policyFor?.('api-slow')?.allowances.heap).toBe(1024 * MiB)
  })

  it('keeps the defaults of run without a config file or flags', async () => {
    const settings = await resolveSettings(undefined, {}, [], {})
    expect(settings.policy).toBeUndefined()
    expect(settings.reporters).toEqual({ value: ['console', 'json'], source: 'default' })
    expect(settings.outDir).toEqual({ value: 'leakwatch-results', source: 'default' })
    expect([settings.failOn.value, settings.scale.value, settings.extension.value, settings.diagnose.value]).toEqual(['fail', 1, undefined, 'auto'])
    expect(policyForScenario(settings)).toBeUndefined()
  })

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['', false],
    [undefined, false],
  ])('CI=%j is CI: %s', (value, ci) => {
    expect(isCi(value === undefined ? {} : { CI: value })).toBe(ci)
  })
})

describe('a project whose leakwatch.config.ts lists scenario files by glob', () => {
  // TypeScript (a type annotation jiti strips) and a plain object: 'leakwatch' does not resolve in a temporary folder
  const dir = project({
    'leakwatch.config.ts': `const config: { scenarios: string[]; reporters: string[]; outDir: string; scale: number; diagnose: 'never' } = {
  scenarios: ['**/*.leak.mjs'],
  reporters: ['console', 'markdown'],
  outDir: 'results',
  scale: 0.5,
  diagnose: 'never',
}
export default config
`,
    'test/leaks/one.leak.mjs': "import s from './clean.mjs'\nexport default { ...s, name: 'one' }\n",
    'test/leaks/clean.mjs': 'fixture:clean.leak.mjs',
    'src/deep/two.leak.mjs': "import s from '../../test/leaks/clean.mjs'\nexport default { ...s, name: 'two' }\n",
    // never searched: node_modules, and the output folder
    'node_modules/dep/three.leak.mjs': 'export default { name: "three", cycle() {} }\n',
    'results/old/four.leak.mjs': 'export default { name: "four", cycle() {} }\n',
  })

  it('finds and runs the two scenario files in subfolders, into the outDir it names', () => {
    const r = leakwatch(['run'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/\n {2}one +PASS/)
    expect(r.stdout).toMatch(/\n {2}two +PASS/)
    expect(existsSync(join(dir, 'results', 'leakwatch-results.md'))).toBe(true)
    expect(existsSync(join(dir, 'results', 'leakwatch-results.json'))).toBe(true) // the results file, always
  }, RUN_MS)

  it('is found from a subfolder (walking up), its paths still relative to its own folder; a flag wins over it', () => {
    rmSync(join(dir, 'results'), { recursive: true, force: true })
    const r = leakwatch(['run', '--reporter', 'json'], join(dir, 'src', 'deep'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).not.toMatch(/PASS/) // no console reporter: --reporter json replaced the config's
    const report = results(join(dir, 'results', 'leakwatch-results.json'))
    // in the order of their paths: src/deep/two.leak.mjs, test/leaks/one.leak.mjs
    expect(report.scenarios.map((s) => [s.name, s.status])).toEqual([
      ['two', 'pass'],
      ['one', 'pass'],
    ])
    expect(report.scale).toBe(0.5)
    expect(existsSync(join(dir, 'results', 'leakwatch-results.md'))).toBe(false)
  }, RUN_MS)

  it('gives way to names on the command line', () => {
    const r = leakwatch(['run', 'test/leaks/one.leak.mjs', '--reporter', 'json', '--out', 'only-one'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(results(join(dir, 'only-one', 'leakwatch-results.json')).scenarios.map((s) => s.name)).toEqual(['one'])
  }, RUN_MS)

  it('shows what its globs match, from the folder where it is asked', () => {
    const r = leakwatch(['config'], join(dir, 'src'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/\nscenarios +\*\*\/\*\.leak\.mjs +\.\.\/leakwatch\.config\.ts\n {2}files +\.\/deep\/two\.leak\.mjs, \.\.\/test\/leaks\/one\.leak\.mjs +\.\.\/leakwatch\.config\.ts\n/)
  })

  it('is not read with --no-config, and --config picks another file', () => {
    expect(json(leakwatch(['config', '--json', '--no-config'], dir).stdout).scale).toEqual({ value: 1, source: 'default' })
    writeFileSync(join(dir, 'other.json'), '{ "scale": 3 }')
    expect(json(leakwatch(['config', '--json', '--config', 'other.json'], dir).stdout).scale).toEqual({ value: 3, source: 'other.json' })
  })
})

describe('leakwatch config', () => {
  const dir = project({
    'leakwatch.config.mjs': `export default {
  reporters: ['console'],
  failOn: 'fail',
  interval: 50,
  policy: { tiers: { short: { failPct: 12 } }, allowances: { heap: '50 MiB' } },
  overrides: { 'api-*': { cycles: 10 } },
  ci: { reporters: ['console', 'junit', 'markdown'], failOn: 'warn' },
}
`,
    'policy.json': '{ "tiers": { "short": { "failPct": 14 } } }',
  })

  it('prints each value and where it came from, flags winning', () => {
    const r = leakwatch(['config', '--print', '--scale', '0.5', '--out', 'elsewhere', '--policy', 'policy.json'], dir)
    expect(r.code, r.stderr).toBe(0)
    const line = (key: string) => r.stdout.split('\n').find((l) => l.startsWith(`${key} `))?.replace(/ {2,}/g, ' | ')
    expect(r.stdout).toMatch(/^config file: leakwatch\.config\.mjs\nCI profile: not applied \(CI is not set\)\n/)
    expect(line('reporters')).toBe('reporters | console | leakwatch.config.mjs')
    expect(line('scale')).toBe('scale | 0.5 | --scale')
    expect(line('outDir')).toBe('outDir | elsewhere | --out')
    expect(line('interval')).toBe('interval | 50 | leakwatch.config.mjs')
    expect(line('diagnose')).toBe('diagnose | auto | default')
    expect(line('policy.tiers.short.failPct')).toBe('policy.tiers.short.failPct | 14 | --policy')
    expect(line('policy.allowances.heap')).toBe('policy.allowances.heap | "50 MiB" | leakwatch.config.mjs')
    expect(r.stdout).not.toMatch(/\n {2}files /) // no scenarios globs, no files line
    expect(line("overrides['api-*']")).toBe(`overrides['api-*'] | {"cycles":10} | leakwatch.config.mjs`)
  })

  it('lays the CI profile over the file under CI=true, and not otherwise', () => {
    const onCi = json(leakwatch(['config', '--json'], dir, { CI: 'true' }).stdout)
    expect(onCi.ci).toBe(true)
    expect(onCi.failOn).toEqual({ value: 'warn', source: 'leakwatch.config.mjs (ci)' })
    expect(onCi.reporters).toEqual({ value: ['console', 'junit', 'markdown'], source: 'leakwatch.config.mjs (ci)' })
    expect(onCi.interval).toEqual({ value: 50, source: 'leakwatch.config.mjs' })
    for (const env of [{}, { CI: 'false' }, { CI: '0' }]) {
      const off = json(leakwatch(['config', '--json'], dir, env).stdout)
      expect(off.ci).toBe(false)
      expect(off.failOn).toEqual({ value: 'fail', source: 'leakwatch.config.mjs' })
    }
    // a flag still wins over the CI profile
    expect(json(leakwatch(['config', '--json', '--fail-on', 'fail'], dir, { CI: 'true' }).stdout).failOn).toEqual({ value: 'fail', source: '--fail-on' })
  })

  it('shows the defaults where there is no config file', () => {
    const none = project({})
    const r = leakwatch(['config'], none)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^config file: none/)
    expect(r.stdout).toMatch(/\nreporters +console, json +default\n/)
    expect(r.stdout).toMatch(/\nsuites +- \(the quick suite\) +default\n/)
  })

  it('says a config file was left out with --no-config, not that there is none', () => {
    const r = leakwatch(['config', '--no-config'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^config file: none \(--no-config\)\n/)
  })
})

describe('a config file that imports defineConfig from leakwatch', () => {
  const dir = project(
    {
      'leakwatch.config.ts': "import { defineConfig } from 'leakwatch'\n\nexport default defineConfig({ scale: 0.25, ci: { failOn: 'warn' } })\n",
    },
    inRepo,
  )

  it('loads, where leakwatch is installed', () => {
    const r = leakwatch(['config', '--json'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(json(r.stdout).scale).toEqual({ value: 0.25, source: 'leakwatch.config.ts' })
  })
})
