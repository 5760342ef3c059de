import { describe, expect, it } from 'vitest'
import { loadScenarioFile, registerSuite, resolveScenarios } from '../src/index.js'
import { tempFolder } from '../../../tools/temp-folder.js'

// registers the suites 'quick' (q-one, q-two) and 'slow' (slow-one)
const FIXTURE = new URL('./fixtures/registered-suite.mjs', import.meta.url).href
await import(FIXTURE)

const temp = tempFolder('leakwatch-load-')
const ok = `cycles: 10, cycle: () => {}`

// malformed files, and the one line each gets (the same in this process and in the loading process)
const BAD_FILES: [string, string, RegExp][] = [
  ['syntax.scenario.ts', `export default { name: 'x', ${ok}`, /^.*syntax\.scenario\.ts: cannot load it: .+/],
  ['nocycle.scenario.mjs', `export default { name: 'x', cycles: 10 }`, /nocycle\.scenario\.mjs \(x\): no 'cycle' function$/],
  ['zero.scenario.mjs', `export default { name: 'x', cycles: 0, cycle() {} }`, /zero\.scenario\.mjs \(x\): 'cycles' must be a whole number of at least 1, got 0$/],
  ['negative.scenario.mjs', `export default { name: 'x', cycles: -5, cycle() {} }`, /'cycles' must be a whole number of at least 1, got -5$/],
  ['neither.scenario.mjs', `export default { name: 'x', cycle() {} }`, /neither\.scenario\.mjs \(x\): give 'cycles' or 'durationMs'$/],
  ['noname.scenario.mjs', `export default { ${ok} }`, /noname\.scenario\.mjs: 'name' must be a non-empty string .*, got nothing$/],
  ['twice.scenario.mjs', `export default [{ name: 'x', ${ok} }, { name: 'x', ${ok} }]`, /twice\.scenario\.mjs: two scenarios named 'x'$/],
  ['nodefault.scenario.mjs', `export const x = 1`, /nodefault\.scenario\.mjs: no default export; export default a scenario \(or an array of them\)$/],
  ['throws.scenario.mjs', `throw new Error('boom')\nexport default {}`, /throws\.scenario\.mjs: cannot load it: boom$/],
]

describe('loadScenarioFile()', () => {
  it.each([
    ['a.scenario.mjs', `export default { name: 'a', ${ok} }`],
    ['b.scenario.ts', `const n: number = 10\nexport default { name: 'b', cycles: n, cycle: (): void => {} }`],
    ['c.scenario.js', `export default { name: 'c', ${ok}, colour: 'blue', retries: 3 }`],
  ])('loads %s (keys it does not know are ignored)', async (name, text) => {
    const [scenario] = await loadScenarioFile(temp.write(name, text))
    expect(scenario?.cycles).toBe(10)
  })

  it('loads an array of scenarios', async () => {
    const file = temp.write('two.scenario.mjs', `export default [{ name: 'x', ${ok} }, { name: 'y', durationMs: 500, cycle: () => {} }]`)
    expect((await loadScenarioFile(file)).map((s) => s.name)).toEqual(['x', 'y'])
  })

  it.each(BAD_FILES)('rejects %s with one line naming the file and the problem', async (name, text, message) => {
    const error = await loadScenarioFile(temp.write(name, text)).catch((e: Error & { code?: string }) => e)
    expect(error).toMatchObject({ code: 'LEAKWATCH_BAD_SCENARIO' })
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })

  it('says so when the file is missing', async () => {
    await expect(loadScenarioFile('missing.scenario.ts')).rejects.toThrow('missing.scenario.ts: no such file')
  })
})

describe('resolveScenarios()', () => {
  it.each(BAD_FILES)('rejects %s with the same line, loading it in a process of its own', async (name, text, message) => {
    const error = await resolveScenarios({ targets: [temp.write(`resolved-${name}`, text)] }).catch((e: Error & { code?: string }) => e)
    expect(error).toMatchObject({ code: 'LEAKWATCH_BAD_SCENARIO' })
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })

  it('says so when a file is missing, starting no process', async () => {
    await expect(resolveScenarios({ targets: ['missing.scenario.ts'] })).rejects.toThrow('missing.scenario.ts: no such file')
  })

  it('gives the quick suite when asked for nothing', async () => {
    expect((await resolveScenarios()).map((r) => r.name)).toEqual(['q-one', 'q-two'])
  })

  it('takes a suite, registered names and files, each once', async () => {
    const file = temp.write('mine.scenario.mjs', `export default { name: 'mine', ${ok} }`)
    const refs = await resolveScenarios({ suite: 'quick', targets: ['slow-one', file, 'q-two'] })
    expect(refs.map((r) => r.name)).toEqual(['q-one', 'q-two', 'slow-one', 'mine'])
    expect(refs[2]).toMatchObject({ suite: 'slow', source: { module: FIXTURE, name: 'slow-one' } })
    expect(refs.at(-1)).toMatchObject({ suite: 'custom', source: { file, index: 0 } })
  })

  it('takes all', async () => {
    expect((await resolveScenarios({ suite: 'all' })).map((r) => r.name)).toEqual(['q-one', 'q-two', 'slow-one'])
  })

  it.each([
    [{ targets: ['no-such-scenario'] }, "unknown scenario 'no-such-scenario'; 'leakwatch list' shows the built-ins"],
    [{ suite: 'nightly' }, "unknown suite 'nightly'; the suites are quick, slow, all"],
  ])('rejects %j', async (options, message) => {
    await expect(resolveScenarios(options)).rejects.toThrow(message)
  })

  it('rejects two different scenarios with one name', async () => {
    const file = temp.write('clash.scenario.mjs', `export default { name: 'slow-one', ${ok} }`)
    await expect(resolveScenarios({ targets: ['slow-one', file] })).rejects.toThrow(
      `two scenarios named 'slow-one': the one in suite 'slow' and ${file}`,
    )
  })
})

describe('registerSuite()', () => {
  it('takes the same suite from the same module again without a word', async () => {
    registerSuite({ name: 'slow', module: FIXTURE, scenarios: [] })
    expect((await resolveScenarios({ suite: 'all' })).map((r) => r.name)).toEqual(['q-one', 'q-two', 'slow-one'])
  })

  it('rejects a taken suite name or scenario name from another module', () => {
    const scenario = { name: 'fresh', cycles: 1, cycle: () => {} }
    expect(() => registerSuite({ name: 'quick', module: '/elsewhere.mjs', scenarios: [scenario] })).toThrow(
      `a suite named 'quick' is already registered by ${FIXTURE}`,
    )
    expect(() => registerSuite({ name: 'other', module: '/elsewhere.mjs', scenarios: [{ ...scenario, name: 'q-one' }] })).toThrow(
      "scenario 'q-one' of suite 'other' is already in suite 'quick'",
    )
  })
})
