import { resolve } from 'node:path'
import type { Scenario } from '@leakwatch/runner'
import { expect } from 'vitest'
import { declaredNames, scenarioName } from './_registry.js'
import { recordOnTest } from './_task-meta.js'
import { type InProcessTarget, runInProcess } from './in-process.js'
import { inspectLeakTests } from './inspect-leak-tests.js'
import { runIsolated } from './isolated.js'
import { failsTest, LeakError, type LeakResult } from './leak-result.js'
import type { ExpectLeakOptions, LeakScenario } from './options.js'

/** A leak test declared with `test.leak` in a test file, by its scenario name. */
export interface LeakTestRef {
  file: string
  name: string
}

/** What `expectNoLeak` and `toLeak` take: a function or a scenario (in-process), a declared one or a reference (isolated). */
export type LeakTarget = InProcessTarget | LeakScenario | LeakTestRef

const isRef = (target: LeakTarget): target is LeakTestRef => typeof target === 'object' && typeof (target as { cycle?: unknown }).cycle !== 'function' && typeof (target as LeakTestRef).file === 'string'

/**
 * Runs a leak check and returns its result, whatever the verdict. A function, or a scenario
 * object not declared with `test.leak`, runs in-process (in this vitest worker); a scenario
 * declared with `test.leak` in this file, or a `{ file, name }` reference to one, runs isolated
 * (the runner of `leakwatch run`, in a child process).
 */
export async function measureLeak(target: LeakTarget, options: ExpectLeakOptions = {}): Promise<LeakResult> {
  if (isRef(target)) {
    const infos = await inspectLeakTests(target.file)
    const info = infos.find((s) => s.name === target.name)
    if (!info) throw new Error(`${target.file} declares no leak test named '${target.name}'; it declares ${infos.map((s) => `'${s.name}'`).join(', ') || 'none'}`)
    return isolated(target.file, target.name, { ...info, cycle: () => {} }, options)
  }
  const declared = typeof target === 'object' ? declaredNames().get(target) : undefined
  if (declared !== undefined && typeof target === 'object') {
    const file = expect.getState().testPath
    if (file) return isolated(file, declared, target as Omit<Scenario, 'name'>, options)
  }
  const named = typeof target === 'function' && target.name ? target.name : expect.getState().currentTestName
  return runInProcess(target as InProcessTarget, { ...options, name: options.name ?? scenarioName(named ?? 'in-process') })
}

async function isolated(file: string, name: string, scenario: Omit<Scenario, 'name'>, options: ExpectLeakOptions): Promise<LeakResult> {
  const planned = options.cycles === undefined ? scenario : { ...scenario, cycles: options.cycles, durationMs: undefined }
  const withWarmup = options.warmup === undefined ? planned : { ...planned, warmup: options.warmup }
  const report = await runIsolated({ file: resolve(file), name, scenario: withWarmup }, options)
  return { mode: 'isolated', name, report }
}

/**
 * Runs a leak check (see `measureLeak` for the two modes) and throws a `LeakError` when its
 * verdict is fail (or warn, with `failOn: 'warn'`), whose message has the verdict's reasons and
 * actions. Returns the result otherwise.
 *
 * @example
 * import { expectNoLeak } from '@leakwatch/vitest'
 *
 * it('parses without keeping anything', async () => {
 *   await expectNoLeak(() => parse(sample), { cycles: 300 })
 * })
 */
export async function expectNoLeak(target: LeakTarget, options: ExpectLeakOptions = {}): Promise<LeakResult> {
  const result = await measureLeak(target, options)
  recordOnTest(result, options.failOn === 'warn')
  if (failsTest(result, options)) throw new LeakError(result)
  return result
}
