import { existsSync } from 'node:fs'
import { ScenarioError } from './errors.js'
import { inspectScenarioFile } from './inspect-file.js'
import { findRegistered, registeredSuites, type SuiteDefinition } from './registry.js'
import { type Scenario, type ScenarioInfo, scenarioInfo, type ScenarioRef, type ScenarioSource, type SkipAnswer, skipAnswer } from './scenario.js'

export interface ResolveOptions {
  /** Names of registered scenarios and scenario files, in the order given. */
  targets?: readonly string[]
  /** A registered suite, or 'all'. With neither targets nor suite: the 'quick' suite. */
  suite?: string | undefined
  /**
   * How long a scenario file may take to load, in ms: its top-level code, then its scenarios'
   * `skip()`. Default 30 000. Files are loaded in a process of their own, killed past this.
   */
  loadTimeoutMs?: number | undefined
  /** Aborting stops loading a file (its process is killed): a ScenarioError. */
  signal?: AbortSignal | undefined
}

const SCENARIO_FILE = /\.(m|c)?(j|t)s$/

/**
 * Turns what a user asked for into scenarios to run: a suite, scenario names, files. Names
 * and suites are those registered (`registerSuite`; importing `@leakwatch/suites` registers
 * the built-in ones). A file is loaded in a short-lived process of its own
 * (`inspectScenarioFile`), so its top-level code never runs here. Each scenario's `skip()` is
 * asked now. A name that is neither registered nor a file, a file that cannot be loaded, or
 * two different scenarios with one name, is an error.
 */
export async function resolveScenarios({ targets = [], suite, loadTimeoutMs, signal }: ResolveOptions = {}): Promise<ScenarioRef[]> {
  const refs: ScenarioRef[] = []
  if (suite !== undefined) refs.push(...suiteRefs(suite))
  for (const target of targets) {
    if (SCENARIO_FILE.test(target) || target.includes('/') || existsSync(target)) {
      const scenarios = await inspectScenarioFile(target, { timeoutMs: loadTimeoutMs, signal })
      scenarios.forEach(({ skipped, skipError, ...info }, index) => refs.push(toRef(info, 'custom', { file: target, index }, { skipped, skipError })))
    } else {
      const found = findRegistered(target)
      if (!found) throw new ScenarioError('LEAKWATCH_UNKNOWN_SCENARIO', `unknown scenario '${target}'; 'leakwatch list' shows the built-ins`)
      refs.push(registeredRef(found.scenario, found.suite, { module: found.module, name: target }))
    }
  }
  if (refs.length === 0 && suite === undefined) refs.push(...suiteRefs('quick'))
  return dedupe(refs)
}

function suiteRefs(name: string): ScenarioRef[] {
  const suites = registeredSuites()
  const chosen: readonly SuiteDefinition[] = name === 'all' ? suites : suites.filter((s) => s.name === name)
  if (chosen.length === 0 && name !== 'all') {
    const known = [...suites.map((s) => s.name), 'all'].join(', ')
    throw new ScenarioError('LEAKWATCH_BAD_OPTION', suites.length === 0 ? `unknown suite '${name}': no suites are registered (import '@leakwatch/suites' for the built-in ones)` : `unknown suite '${name}'; the suites are ${known}`)
  }
  return chosen.flatMap((s) => s.scenarios.map((scenario) => registeredRef(scenario, s.name, { module: s.module, name: scenario.name })))
}

/** A registered scenario is trusted code, already in this process: its `skip()` is asked here. */
function registeredRef(scenario: Scenario, suite: string, source: ScenarioSource): ScenarioRef {
  return toRef(scenarioInfo(scenario), suite, source, skipAnswer(scenario))
}

function toRef(info: ScenarioInfo, suite: string, source: ScenarioSource, { skipped, skipError }: SkipAnswer): ScenarioRef {
  const ref: ScenarioRef = { name: info.name, suite: info.suite ?? suite, description: info.description ?? '', source, scenario: info }
  if (skipped !== undefined) ref.skipped = skipped
  if (skipError !== undefined) ref.skipError = skipError
  return ref
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
  return 'module' in ref.source ? `the one in suite '${ref.suite}'` : ref.source.file
}
