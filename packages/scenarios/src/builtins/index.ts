import { ScenarioError } from '../errors.js'
import type { Scenario } from '../scenario.js'
import { QUICK } from './quick.js'
import { STRESS } from './stress.js'
import { VIDEO } from './video.js'

/** The built-in suites, by name, in the order they run. */
export const SUITES = { quick: QUICK as Scenario[], stress: STRESS as Scenario[], video: VIDEO as Scenario[] } as const

export type SuiteName = keyof typeof SUITES

/** Every built-in scenario, suite by suite. */
export const BUILTINS: readonly Scenario[] = Object.values(SUITES).flat()

export function findBuiltin(name: string): Scenario {
  const scenario = BUILTINS.find((s) => s.name === name)
  if (!scenario) throw new ScenarioError('LEAKWATCH_UNKNOWN_SCENARIO', `unknown scenario '${name}'; 'leakwatch list' shows the built-ins`)
  return scenario
}
