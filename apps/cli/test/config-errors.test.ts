import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { configProjects, leakwatch } from './_config-project.js'

// A config file that is wrong: one line naming the file and the key, exit 2, nothing run.
const project = configProjects()

describe('a config file that is wrong: one line naming the file and the key, exit 2', () => {
  it.each([
    ['leakwatch.config.ts', "export default { reporterz: ['json'] }", 'leakwatch.config.ts: reporterz: not a config key (known: scenarios, suites, reporters, outDir, failOn, interval, scale, policy, extension, diagnose, overrides, ci)'],
    ['leakwatch.config.ts', "export default { scale: 'big' }", "leakwatch.config.ts: scale: expected a number, got 'big'"],
    ['leakwatch.config.ts', "export default { reporters: ['console', 'pdf'] }", "leakwatch.config.ts: reporters[1]: expected one of console, json, junit, markdown, html, github (or name=path), got 'pdf'"],
    ['leakwatch.config.mts', "export default { ci: { failOn: 'error' } }", "leakwatch.config.mts: ci.failOn: expected one of fail, warn, got 'error'"],
    ['leakwatch.config.js', 'export default { extension: { maxFactor: "2" } }', "leakwatch.config.js: extension.maxFactor: expected a number, got '2'"],
    ['leakwatch.config.mjs', "export default { overrides: { 'api-*': { cycle: 3 } } }", "leakwatch.config.mjs: overrides['api-*'].cycle: not a config key (known: policy, cycles, durationMs)"],
    ['leakwatch.config.ts', "export default { policy: { tiers: { short: { failPct: 'x' } } } }", 'leakwatch.config.ts: policy.tiers.short.failPct must be a number, got "x"'],
    ['leakwatch.config.ts', "export default { ci: { policy: { allowances: { heap: '5 parsecs' } } } }", `leakwatch.config.ts: ci.policy.allowances.heap must be a number of bytes of at least 0, or a size such as '50 MiB', got "5 parsecs"`],
    ['leakwatch.config.ts', "export default { suites: ['slow'] }", "leakwatch.config.ts: suites[0]: expected one of quick, stress, video, all, got 'slow'"],
    ['leakwatch.config.ts', "throw new Error('no database here\\nat line two')", 'leakwatch.config.ts: cannot load it: no database here'],
    ['leakwatch.config.ts', 'export default { a: ', /^leakwatch\.config\.ts: cannot load it: \S.*$/],
    ['leakwatch.config.mjs', 'export const config = {}', 'leakwatch.config.mjs: no default export; export default defineConfig({ … }) (or a plain object)'],
    ['leakwatch.config.json', '{ "reporters": ["json", }', /^leakwatch\.config\.json: not valid JSON \(.+\)$/],
    ['leakwatch.config.json', '{ "interval": 0 }', 'leakwatch.config.json: interval: expected a number of at least 1, got 0'],
  ])('%s: %s', (name, text, message) => {
    const dir = project({ [name]: text })
    for (const command of ['config', 'run']) {
      const r = leakwatch([command], dir)
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      const line = r.stderr.replace(/^leakwatch: /, '').replace(/\n$/, '')
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
      if (typeof message === 'string') expect(line).toBe(message)
      else expect(line).toMatch(message)
    }
    expect(existsSync(join(dir, 'leakwatch-results'))).toBe(false) // refused before anything ran
  })

  it('names a --config file that is not there', () => {
    const r = leakwatch(['run', '--config', 'nope.ts'], project({}))
    expect([r.code, r.stderr]).toEqual([2, 'leakwatch: --config nope.ts: no such file\n'])
  })
})
