import { pathToFileURL } from 'node:url'
import { ScenarioError } from './errors.js'
import type { Scenario } from './scenario.js'

/**
 * A named suite of scenarios that `resolveScenarios` can find by suite or scenario name.
 * `module` is the module that registers it (a path or a file URL): each scenario's child
 * process imports it to find the scenario again, so it must register the same suite there.
 */
export interface SuiteDefinition {
  name: string
  scenarios: readonly Scenario[]
  module: string
}

/** A registered scenario, and the suite and module it came from. */
export interface RegisteredScenario {
  scenario: Scenario
  suite: string
  module: string
}

// On globalThis, not in a module variable: a suites package and the runner's child can load
// two copies of this module (from src under a test runner, from dist in the child), and both
// must see one registry.
const KEY = Symbol.for('leakwatch.suites')
const registry = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map<string, SuiteDefinition>()) as Map<string, SuiteDefinition>

/**
 * Registers a suite (the built-in quick, stress and video suites are registered by importing
 * `@leakwatch/suites`). Registering the same suite from the same module again is a no-op;
 * another suite under a taken name, or a scenario name another suite has, is an error.
 *
 * @example
 * registerSuite({ name: 'nightly', module: import.meta.url, scenarios: [cacheScenario, poolScenario] })
 */
export function registerSuite(suite: SuiteDefinition): void {
  const module = toUrl(suite.module)
  const seen = registry.get(suite.name)
  if (seen) {
    if (seen.module === module) return
    throw new ScenarioError('LEAKWATCH_BAD_OPTION', `a suite named '${suite.name}' is already registered by ${seen.module}`)
  }
  for (const scenario of suite.scenarios) {
    const taken = findRegistered(scenario.name)
    if (taken) throw new ScenarioError('LEAKWATCH_BAD_SCENARIO', `scenario '${scenario.name}' of suite '${suite.name}' is already in suite '${taken.suite}'`)
  }
  registry.set(suite.name, { name: suite.name, scenarios: [...suite.scenarios], module })
}

/** The registered suites, in the order they were registered. */
export function registeredSuites(): readonly SuiteDefinition[] {
  return [...registry.values()]
}

/** A registered scenario by name, or undefined. */
export function findRegistered(name: string): RegisteredScenario | undefined {
  for (const suite of registry.values()) {
    const scenario = suite.scenarios.find((s) => s.name === name)
    if (scenario) return { scenario, suite: suite.name, module: suite.module }
  }
  return undefined
}

function toUrl(module: string): string {
  return /^[a-z][a-z\d+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module) ? module : pathToFileURL(module).href
}
