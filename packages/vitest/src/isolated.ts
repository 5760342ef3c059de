import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { runSuite, type Scenario, type ScenarioReport, type ScenarioRef } from '@leakwatch/runner'
import { scenarioData } from './_scenario-data.js'
import type { LeakOptions } from './options.js'

/** Set by the reporter for the workers: where samples, logs and diagnosis files go. */
const OUT_DIR_ENV = 'LEAKWATCH_VITEST_OUT_DIR'

const OWN = createRequire(import.meta.url)('../package.json') as { name: string; version: string }

/** The folder leakwatch writes to: the option, the reporter's (`LEAKWATCH_VITEST_OUT_DIR`), or `leakwatch-results`. */
export function outDirFor(options: Pick<LeakOptions, 'outDir'>): string {
  return resolve(options.outDir ?? process.env[OUT_DIR_ENV] ?? 'leakwatch-results')
}

/**
 * The module the runner's child imports to find a test file's scenarios: the built child entry
 * (`@leakwatch/vitest/child`), with the test file in its query.
 */
export function childModule(file: string): string {
  let entry: string
  try {
    entry = createRequire(import.meta.url).resolve('@leakwatch/vitest/child')
  } catch (err) {
    throw new Error('@leakwatch/vitest/child is not built (dist/child.js): run `pnpm --filter @leakwatch/vitest build`', { cause: err })
  }
  return `${pathToFileURL(entry).href}?file=${encodeURIComponent(resolve(file))}`
}

/** Which scenario of which test file to run in isolation. */
export interface IsolatedTarget {
  /** The test file that declares it with `test.leak`. */
  file: string
  /** Its scenario name (the test's name, as `scenarioName` makes it). */
  name: string
  /** The scenario object, here in the worker: its data is planned from, its `skip()` asked. */
  scenario: Omit<Scenario, 'name'>
  /** The test's full name, for the results. */
  description?: string
}

/**
 * Runs one `test.leak` scenario with the runner of `leakwatch run`: in a child process of its
 * own, sampled from outside, graded, and diagnosed after a fail or warn. The child imports the
 * test file again (see `child-entry.ts`) and takes the scenario by name.
 */
export async function runIsolated(target: IsolatedTarget, options: LeakOptions = {}): Promise<ScenarioReport> {
  const ref: ScenarioRef = {
    name: target.name,
    suite: target.scenario.suite ?? 'vitest',
    description: target.description ?? target.scenario.description ?? '',
    source: { module: childModule(target.file), name: target.name },
    scenario: scenarioData(target.scenario, target.name),
  }
  try {
    const skipped = target.scenario.skip?.()
    if (skipped) ref.skipped = String(skipped)
  } catch (err) {
    ref.skipError = err instanceof Error ? err.message : String(err)
  }
  const report = await runSuite({
    scenarios: [ref],
    outDir: outDirFor(options),
    diagnose: options.diagnose === false ? { when: 'never' } : (options.diagnose ?? { when: 'auto' }),
    tool: { name: OWN.name, version: OWN.version },
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.extension === undefined ? {} : { extension: options.extension }),
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
  })
  const scenario = report.scenarios[0]
  if (!scenario) throw new Error(`leakwatch ran no scenario for '${target.name}'`)
  return { ...scenario, file: resolve(target.file) }
}
