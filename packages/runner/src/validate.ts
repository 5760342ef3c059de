import { ScenarioError } from './errors.js'
import type { Scenario } from './scenario.js'

const bad = (where: string, problem: string) => new ScenarioError('LEAKWATCH_BAD_SCENARIO', `${where}: ${problem}`)

const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0
const wholeAtLeast = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min

/**
 * Checks that a value is a runnable scenario and returns it typed. `where` names it in the
 * error: a file, or a file and the scenario's place in it.
 */
export function validateScenario(value: unknown, where: string): Scenario {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad(where, `a scenario must be an object with a name and a cycle function, got ${describeValue(value)}`)
  }
  const s = value as Record<string, unknown>
  if (typeof s.name !== 'string' || !/^[\w.-]+$/.test(s.name)) {
    throw bad(where, `'name' must be a non-empty string of letters, digits, '-', '_' or '.', got ${describeValue(s.name)}`)
  }
  const at = `${where} (${s.name})`
  if (typeof s.cycle !== 'function') throw bad(at, "no 'cycle' function")
  for (const key of ['setup', 'teardown', 'skip'] as const) {
    if (s[key] !== undefined && typeof s[key] !== 'function') throw bad(at, `'${key}' must be a function`)
  }
  if (s.cycles === undefined && s.durationMs === undefined) throw bad(at, "give 'cycles' or 'durationMs'")
  if (s.cycles !== undefined && s.durationMs !== undefined) throw bad(at, "give 'cycles' or 'durationMs', not both")
  if (s.cycles !== undefined && !wholeAtLeast(s.cycles, 1)) throw bad(at, `'cycles' must be a whole number of at least 1, got ${describeValue(s.cycles)}`)
  for (const key of ['durationMs', 'checkpointMs', 'timeoutMs'] as const) {
    if (s[key] !== undefined && !positive(s[key])) throw bad(at, `'${key}' must be a number above 0, got ${describeValue(s[key])}`)
  }
  if (s.warmup !== undefined && !wholeAtLeast(s.warmup, 0)) throw bad(at, `'warmup' must be a whole number of at least 0, got ${describeValue(s.warmup)}`)
  if (s.checkpointEvery !== undefined && !wholeAtLeast(s.checkpointEvery, 1)) {
    throw bad(at, `'checkpointEvery' must be a whole number of at least 1, got ${describeValue(s.checkpointEvery)}`)
  }
  for (const key of ['suite', 'description'] as const) {
    if (s[key] !== undefined && typeof s[key] !== 'string') throw bad(at, `'${key}' must be a string`)
  }
  if (s.params !== undefined && (typeof s.params !== 'object' || s.params === null || Array.isArray(s.params))) {
    throw bad(at, "'params' must be an object")
  }
  if (s.params !== undefined && !clones(s.params)) {
    // params are copied between processes: from the one that loads the file to leakwatch, and on to the run's child
    const params = s.params as Record<string, unknown>
    const key = Object.keys(params).find((k) => !clones(params[k]))
    const what = key === undefined ? "'params'" : /^[\w$]+$/.test(key) ? `'params.${key}'` : `'params[${JSON.stringify(key)}]'`
    throw bad(at, `${what} must be plain data that survives structured clone, got ${unclonable(key === undefined ? params : params[key])}`)
  }
  return s as unknown as Scenario
}

function clones(v: unknown): boolean {
  try {
    structuredClone(v)
    return true
  } catch {
    return false
  }
}

function unclonable(v: unknown): string {
  if (typeof v === 'function') return 'a function'
  if (typeof v === 'symbol') return 'a symbol'
  return 'a value that holds a function, a symbol or the like'
}

function describeValue(v: unknown): string {
  if (typeof v === 'function') return 'a function'
  if (v === undefined) return 'nothing'
  return JSON.stringify(v) ?? String(v)
}
