// What `vitest` is in a scenario's child process. The child imports the test file to find the
// scenarios its `test.leak` calls declare, outside vitest's runner, where vitest's `test`,
// `describe` and hooks throw ("Vitest failed to find the current suite"). Here tests and hooks
// are declared to nobody, `describe` runs its body (a `test.leak` inside it must be seen),
// and the rest (`expect`, `vi`, `assert`, …) is vitest's own, imported by the child entry.
// (No `import 'vitest'` here: this module is what 'vitest' is aliased to.)

import { type InertApi, inertTestApi as inert } from './_inert.js'

type AnyFunction = (...args: unknown[]) => unknown

const REAL = Symbol.for('leakwatch.vitest.real')
const real = ((globalThis as Record<symbol, unknown>)[REAL] ?? {}) as Record<string, unknown>

/** `describe` that runs its body at once, so that the `test.leak` calls in it are recorded. */
function runningDescribe(): InertApi {
  const run = (...args: unknown[]) => {
    const body = args.findLast((a): a is AnyFunction => typeof a === 'function')
    void body?.()
  }
  const each =
    (table: unknown[]) =>
    (...args: unknown[]) => {
      const body = args.findLast((a): a is AnyFunction => typeof a === 'function')
      for (const row of table) void body?.(...(Array.isArray(row) ? row : [row]))
    }
  const modifiers: Record<string, unknown> = { each, for: each, todo: () => {} }
  const proxy: InertApi = new Proxy(run as InertApi, {
    get: (_t, key) => (typeof key === 'string' && key in modifiers ? modifiers[key] : key === 'skipIf' || key === 'runIf' ? () => proxy : proxy),
  })
  return proxy
}

const noop = (..._args: unknown[]) => {}

export const test = inert()
export const it = test
export const bench = inert()
export const describe = runningDescribe()
export const suite = describe
export const beforeAll = noop
export const afterAll = noop
export const beforeEach = noop
export const afterEach = noop
export const aroundAll = noop
export const aroundEach = noop
export const onTestFailed = noop
export const onTestFinished = noop
export const recordArtifact = noop
export const inject = noop

export const expect = real.expect
export const vi = real.vi
export const vitest = real.vitest
export const assert = real.assert
export const chai = real.chai
export const should = real.should
export const createExpect = real.createExpect
export const expectTypeOf = real.expectTypeOf
export const assertType = real.assertType
export const EvaluatedModules = real.EvaluatedModules
export const Snapshots = real.Snapshots
export const TestRunner = real.TestRunner
export const BenchmarkRunner = real.BenchmarkRunner
