import type { PolicyOverrides } from '@leakwatch/grader'

/** What a config file may set, and what its `ci` profile may set over it. */
export interface ConfigProfile {
  /**
   * Scenario files to run when `leakwatch run` is given no names, files or `--suite`: globs
   * relative to the config file's folder (node_modules and the output folder are never searched).
   */
  scenarios?: string[]
  /** Built-in suites to run by default (with `scenarios`, both): 'quick', 'stress', 'video', 'all'. */
  suites?: string[]
  /** As `--reporter`: console, json, junit, markdown, html, github; `name=path` (relative to the config file) for a file elsewhere. */
  reporters?: string[]
  /** As `--out`, relative to the config file's folder. Default `leakwatch-results` in the working folder. */
  outDir?: string
  /** As `--fail-on`: the lowest verdict that makes the exit code 1. Default 'fail'. */
  failOn?: 'fail' | 'warn'
  /** As `--interval`: milliseconds between samples of each scenario's process. Default 100. */
  interval?: number
  /** As `--scale`: shrink (0.1) or stretch (2) every count and duration. Default 1. */
  scale?: number
  /**
   * As `--policy`: the grader's thresholds, field by field over the defaults, and `allowances`:
   * growth a layer may show and still pass, e.g. `{ heap: '50 MiB', fds: 2 }`.
   */
  policy?: PolicyOverrides
  /** Bounds of the run-length extension (`{ maxFactor: 2 }`, as `--max-extend 2`), or false (`--no-extend`). */
  extension?: { maxFactor?: number } | false
  /** When a second, instrumented pass looks for where it grows: 'auto' (after a fail or warn), 'always' (`--diagnose`), 'never' (`--no-diagnose`). */
  diagnose?: 'auto' | 'always' | 'never'
}

/** Settings of the scenarios a key names: a scenario's name, or a pattern of names with `*` and `?`. */
export interface ScenarioOverride {
  /** Laid over the run's policy, field by field, for these scenarios only. */
  policy?: PolicyOverrides
  /** Measured cycles instead of the scenario's own (a duration scenario becomes a cycle one). */
  cycles?: number
  /** Run for this long instead (a cycle scenario becomes a duration one). */
  durationMs?: number
}

/** A `leakwatch.config.ts` (or .mts, .js, .mjs, .json): its default export. */
export interface LeakwatchConfig extends ConfigProfile {
  /** By scenario name or pattern: a policy, cycles or duration of their own. */
  overrides?: Record<string, ScenarioOverride>
  /** Laid over the rest when the CI environment variable is set (and not 'false' or '0'). */
  ci?: ConfigProfile
}

/**
 * Identity: gives a config file its types. A plain exported object is just as valid.
 *
 * @example
 * // leakwatch.config.ts
 * import { defineConfig } from 'leakwatch'
 *
 * export default defineConfig({
 *   scenarios: ['test/leaks/*.leak.ts'],
 *   policy: { allowances: { heap: '50 MiB' } },
 *   ci: { reporters: ['console', 'junit'], failOn: 'warn' },
 * })
 */
export function defineConfig(config: LeakwatchConfig): LeakwatchConfig {
  return config
}
