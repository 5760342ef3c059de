import type { Scenario } from '@leakwatch/runner'
import { type TestAPI, test as vitestTest } from 'vitest'
import { inertTestApi } from './_inert.js'
import { declaredLeaks, declaredNames, inLeakwatchChild, scenarioName } from './_registry.js'
import { recordOnTest } from './_task-meta.js'
import { runIsolated } from './isolated.js'
import { failsTest, LeakError, type LeakResult } from './leak-result.js'
import type { LeakOptions, LeakScenario } from './options.js'

/** Default vitest timeout of a `test.leak` test: a run, its possible extension and a diagnosis pass. */
const DEFAULT_TIMEOUT_MS = 120_000

/**
 * Declares a vitest test that runs `scenario` with the runner of `leakwatch run`, in a child
 * process of its own, and fails when the verdict is fail (or warn, with `failOn: 'warn'`),
 * with the verdict's reasons and actions and, when the diagnosis pass ran, where it grew.
 *
 * The scenario's functions cannot travel to the child: it imports this test file again, with
 * `vitest` standing for a stub that declares no tests, and takes the scenario by name. So
 * declare it at the top level of the file (or in a `describe`), and keep what it needs in
 * modules it imports, not in variables another test sets.
 *
 * @example
 * import { test } from '@leakwatch/vitest'
 * import { FrameCache } from '../src/frame-cache.js'
 *
 * test.leak('frame cache stays bounded', {
 *   cycles: 300,
 *   setup: () => new FrameCache(64),
 *   cycle: (cache, i) => cache.put(i, Buffer.alloc(50 * 1024)),
 * })
 */
export function leakTest<Ctx>(name: string, scenario: LeakScenario<Ctx>, options: LeakOptions = {}): void {
  if (typeof scenario !== 'object' || scenario === null || typeof scenario.cycle !== 'function') {
    throw new TypeError(`test.leak('${name}', scenario): the scenario must be an object with a cycle function`)
  }
  const id = scenario.name ?? scenarioName(name)
  const declared = scenario as unknown as Scenario
  if (inLeakwatchChild()) {
    const leaks = declaredLeaks()
    const seen = leaks.get(id)
    if (seen && seen.scenario !== declared) throw new Error(`two leak tests named '${id}' in one file; give one another name`)
    leaks.set(id, { name: id, scenario: declared, options })
    return
  }
  declaredNames().set(scenario, id)
  vitestTest(name, { timeout: options.timeout ?? DEFAULT_TIMEOUT_MS }, async (context) => {
    const report = await runIsolated({ file: context.task.file.filepath, name: id, scenario: declared, description: context.task.fullName ?? name }, options)
    const result: LeakResult = { mode: 'isolated', name: id, report }
    recordOnTest(result, options.failOn === 'warn')
    if (report.status === 'skip') context.skip(report.skipped ?? 'skipped')
    if (failsTest(result, options)) throw new LeakError(result)
  })
}

/** vitest's `test`, with `test.leak`. In a scenario's child process, a `test` that declares nothing. */
export type LeakTestAPI = TestAPI & { leak: typeof leakTest }

/**
 * vitest's `test` with `.leak` ({@link leakTest}). Import it in place of vitest's in leak test
 * files: `import { test } from '@leakwatch/vitest'`.
 */
export const test: LeakTestAPI = new Proxy(vitestTest, {
  get: (target, key, receiver) => (key === 'leak' ? leakTest : inLeakwatchChild() ? inertTestApi() : Reflect.get(target, key, receiver)),
  apply: (target, self, args) => (inLeakwatchChild() ? undefined : Reflect.apply(target, self, args)),
}) as LeakTestAPI
