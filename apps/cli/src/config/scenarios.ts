import { dirname, isAbsolute, relative, resolve } from 'node:path'
import type { Policy, PolicyOverrides } from '@leakwatch/grader'
import { resolveScenarios, type ScenarioRef } from '@leakwatch/runner'
import { glob } from 'tinyglobby'
import { UsageError } from '../errors.js'
import type { ScenarioOverride } from './define.js'
import { deepMerge, overridePolicy, type Settings } from './settings.js'

/**
 * The scenarios a run asks for: the arguments and --suite as always; without them, the config's
 * `scenarios` (globs, from its folder) and `suites`; without those, the quick suite. The
 * overrides' cycles and durations are applied to the scenarios they name.
 */
export async function configuredScenarios(settings: Settings, options: { signal?: AbortSignal | undefined; cwd?: string } = {}): Promise<ScenarioRef[]> {
  const cwd = options.cwd ?? process.cwd()
  const { signal } = options
  const fromArgs = settings.targets.value.length > 0 || settings.suite.value !== undefined
  const loaded = settings.config
  let refs: ScenarioRef[]
  if (fromArgs || !loaded || (settings.scenarios.value === undefined && settings.suites.value === undefined)) {
    refs = await resolveScenarios({ targets: settings.targets.value, suite: settings.suite.value, signal })
  } else {
    const files = settings.scenarios.value ? await scenarioFiles(settings.scenarios.value, dirname(loaded.file), settings, cwd) : []
    const suites = settings.suites.value ?? []
    refs = []
    // one call per suite (resolveScenarios takes one), the files with the first
    for (const [i, suite] of (suites.length > 0 ? suites : [undefined]).entries()) {
      for (const ref of await resolveScenarios({ targets: i === 0 ? files : [], suite, signal })) {
        if (!refs.some((r) => r.name === ref.name)) refs.push(ref)
      }
    }
  }
  return refs.map((ref) => withOverrides(ref, settings.overrides.value))
}

async function scenarioFiles(patterns: readonly string[], base: string, settings: Settings, cwd: string): Promise<string[]> {
  const found = await matchScenarioFiles(patterns, base, settings.outDir.value, cwd)
  if (found.length === 0) {
    throw new UsageError(`${settings.config?.label}: scenarios: no file matches ${patterns.map((p) => `'${p}'`).join(', ')} in ${relative(cwd, base) || '.'}`)
  }
  return found
}

/** The files the config's `scenarios` globs match from its folder, sorted, relative to `cwd`; none without them. */
export async function configScenarioFiles(settings: Settings, cwd = process.cwd()): Promise<string[]> {
  if (!settings.config || !settings.scenarios.value) return []
  return matchScenarioFiles(settings.scenarios.value, dirname(settings.config.file), settings.outDir.value, cwd)
}

async function matchScenarioFiles(patterns: readonly string[], base: string, outDir: string, cwd: string): Promise<string[]> {
  const out = relative(base, resolve(cwd, outDir))
  const ignore = ['**/node_modules/**', ...(out === '' || out.startsWith('..') ? [] : [`${out}/**`])]
  const found = await glob([...patterns], { cwd: base, ignore, absolute: true, onlyFiles: true })
  return found.sort().map((file) => relativeOrAbsolute(cwd, file))
}

// './a.leak.mjs' for a file in the working folder: resolveScenarios reads a bare name as a scenario's
function relativeOrAbsolute(cwd: string, file: string): string {
  const rel = relative(cwd, file)
  return isAbsolute(rel) || rel.startsWith('..') ? rel : `./${rel}`
}

/** The overrides whose key is the scenario's name, or a pattern (`*`, `?`) that matches it, in the order written. */
export function overridesFor(name: string, overrides: Record<string, ScenarioOverride>): ScenarioOverride[] {
  return Object.entries(overrides)
    .filter(([key]) => key === name || namePattern(key).test(name))
    .map(([, o]) => o)
}

function namePattern(key: string): RegExp {
  return new RegExp(`^${key.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
}

function withOverrides(ref: ScenarioRef, overrides: Record<string, ScenarioOverride>): ScenarioRef {
  let scenario = ref.scenario
  for (const o of overridesFor(ref.name, overrides)) {
    if (o.cycles !== undefined) {
      const { durationMs: _, checkpointMs: __, ...rest } = scenario
      scenario = { ...rest, cycles: o.cycles }
    }
    if (o.durationMs !== undefined) {
      const { cycles: _, checkpointEvery: __, ...rest } = scenario
      scenario = { ...rest, durationMs: o.durationMs }
    }
  }
  return scenario === ref.scenario ? ref : { ...ref, scenario }
}

/** For runSuite's `policyFor`: a scenario's own policy where overrides name it, else undefined (the run's). */
export function policyForScenario(settings: Settings): ((name: string) => Policy | undefined) | undefined {
  const overrides = settings.overrides.value
  if (!Object.values(overrides).some((o) => o.policy)) return undefined
  return (name) => {
    const matching = overridesFor(name, overrides).filter((o) => o.policy)
    if (matching.length === 0) return undefined
    return overridePolicy(settings, { policy: matching.reduce<PolicyOverrides>((acc, o) => deepMerge(acc, o.policy), {}) })
  }
}
