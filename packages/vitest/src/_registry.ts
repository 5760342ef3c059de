import type { Scenario } from '@leakwatch/runner'
import type { LeakOptions } from './options.js'

/** A scenario declared by `test.leak`, under the scenario name leakwatch runs it by. */
export interface DeclaredLeak {
  name: string
  scenario: Scenario
  options: LeakOptions
}

// On globalThis, not in module variables: in the scenario's child process, the test file's
// `@leakwatch/vitest` and the child entry can be two copies of this module (one compiled by
// jiti, one imported by Node), and both must see one registry.
const DECLARED = Symbol.for('leakwatch.vitest.declared')
const CHILD = Symbol.for('leakwatch.vitest.child')
const NAMES = Symbol.for('leakwatch.vitest.names')
const store = globalThis as Record<symbol, unknown>

/** The scenarios the test file declared with `test.leak`, by scenario name (in the child process). */
export function declaredLeaks(): Map<string, DeclaredLeak> {
  return (store[DECLARED] ??= new Map<string, DeclaredLeak>()) as Map<string, DeclaredLeak>
}

/** True inside the scenario's child process, where the test file is imported to find its scenarios. */
export function inLeakwatchChild(): boolean {
  return store[CHILD] === true
}

/** Marks this process as a scenario's child: `test.leak` records instead of declaring tests. */
export function markLeakwatchChild(): void {
  store[CHILD] = true
}

/**
 * The scenario name each `test.leak` scenario object was declared under (in the vitest worker),
 * so that `expectNoLeak(scenario)` can run a declared scenario in isolation.
 */
export function declaredNames(): WeakMap<object, string> {
  return (store[NAMES] ??= new WeakMap<object, string>()) as WeakMap<object, string>
}

/** A scenario name leakwatch accepts (letters, digits, '-', '_', '.') from a test's name. */
export function scenarioName(testName: string): string {
  const slug = testName
    .trim()
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug === '' ? 'leak-test' : slug
}
