import { recordOnTest } from './_task-meta.js'
import { type LeakTarget, measureLeak } from './expect-no-leak.js'
import { describeResult, failsTest, leakStatus } from './leak-result.js'
import type { ExpectLeakOptions } from './options.js'

interface LeakMatchers<R = unknown> {
  /**
   * Runs a leak check of the received function or scenario (see `expectNoLeak`); passes when it
   * leaks. Asynchronous: `await expect(fn).not.toLeak({ cycles: 300 })`.
   */
  toLeak(options?: ExpectLeakOptions): Promise<R>
}

declare module 'vitest' {
  interface Matchers<T = any> extends LeakMatchers<T> {}
}

/**
 * The `toLeak` matcher, for `expect.extend({ toLeak })` (which `@leakwatch/vitest/setup` does).
 * A check that could not measure (status 'error') fails either way.
 */
export async function toLeak(this: { isNot: boolean }, received: unknown, options: ExpectLeakOptions = {}) {
  if (!(typeof received === 'function' || (typeof received === 'object' && received !== null))) {
    throw new TypeError(`toLeak expects a function, a scenario or a { file, name } reference, got ${typeof received}`)
  }
  const result = await measureLeak(received as LeakTarget, options)
  recordOnTest(result, options.failOn === 'warn')
  const status = leakStatus(result)
  if (status === 'error') throw new Error(describeResult(result))
  const leaked = failsTest(result, options)
  return {
    pass: leaked,
    message: () => (leaked ? describeResult(result) : `expected it to leak, but leakwatch's verdict is ${status.toUpperCase()}\n\n${describeResult(result)}`),
  }
}
