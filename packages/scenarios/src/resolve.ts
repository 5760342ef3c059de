import { existsSync } from 'node:fs'
import { BUILTINS, findBuiltin, SUITES, type SuiteName } from './builtins/index.js'
import { ScenarioError } from './errors.js'
import { loadScenarioFile } from './load.js'
import type { Scenario, ScenarioRef } from './scenario.js'

export interface ResolveOptions {
  /** Built-in names and scenario files, in the order given. */
  targets?: readonly string[]
  /** A built-in suite, or 'all'. With neither targets nor suite: the quick suite. */
  suite?: string | undefined
}

const SCENARIO_FILE = /\.(m|c)?(j|t)s$/

/**
 * Turns what a user asked for into scenarios to run: a suite, built-in names, files. A name
 * that is neither a built-in nor a file, or two different scenarios with one name, is an error.
 */
export async function resolveScenarios({ targets = [], suite }: ResolveOptions = {}): Promise<ScenarioRef[]> {
  const refs: ScenarioRef[] = []
  if (suite !== undefined) refs.push(...suiteScenarios(suite).map(builtinRef))
  for (const target of targets) {
    if (SCENARIO_FILE.test(target) || target.includes('/') || existsSync(target)) {
      const scenarios = await loadScenarioFile(target)
      scenarios.forEach((scenario, index) => refs.push(toRef(scenario, { file: target, index })))
    } else {
      refs.push(builtinRef(findBuiltin(target)))
    }
  }
  if (refs.length === 0) refs.push(...SUITES.quick.map(builtinRef))
  return dedupe(refs)
}

function suiteScenarios(suite: string): readonly Scenario[] {
  if (suite === 'all') return BUILTINS
  if (suite in SUITES) return SUITES[suite as SuiteName]
  throw new ScenarioError('LEAKWATCH_BAD_OPTION', `unknown suite '${suite}'; the suites are ${[...Object.keys(SUITES), 'all'].join(', ')}`)
}

const builtinRef = (scenario: Scenario): ScenarioRef => toRef(scenario, { builtin: scenario.name })

function toRef(scenario: Scenario, source: ScenarioRef['source']): ScenarioRef {
  return { name: scenario.name, suite: scenario.suite ?? 'custom', description: scenario.description ?? '', source, scenario }
}

/** The same scenario asked for twice runs once; two scenarios sharing a name is an error. */
function dedupe(refs: ScenarioRef[]): ScenarioRef[] {
  const byName = new Map<string, ScenarioRef>()
  for (const ref of refs) {
    const seen = byName.get(ref.name)
    if (!seen) byName.set(ref.name, ref)
    else if (describe(seen) !== describe(ref)) {
      throw new ScenarioError('LEAKWATCH_BAD_SCENARIO', `two scenarios named '${ref.name}': ${describe(seen)} and ${describe(ref)}`)
    }
  }
  return [...byName.values()]
}

function describe(ref: ScenarioRef): string {
  return 'builtin' in ref.source ? 'the built-in' : ref.source.file
}
