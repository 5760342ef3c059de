import type { BaselineOptions, ScenarioRef } from '@leakwatch/runner'
import { readResultsFile } from './results-file.js'

/**
 * Reads `--baseline <results.json>` for `runSuite`'s `baseline` option. A file that is not a
 * leakwatch results file is a UsageError naming it (one line, exit 2).
 */
export async function readBaseline(path: string, failOnIncrease: boolean): Promise<BaselineOptions> {
  return { report: await readResultsFile(path), failOnIncrease }
}

/**
 * One line naming the scenarios about to run that the baseline has no verdict for (new ones,
 * or ones that errored then): they are graded as usual, only not compared. Undefined when the
 * baseline has them all.
 */
export function baselineNote(scenarios: readonly Pick<ScenarioRef, 'name'>[], baseline: BaselineOptions, path: string): string | undefined {
  const known = new Set(baseline.report.scenarios.filter((s) => s.verdict).map((s) => s.name))
  const missing = scenarios.filter((s) => !known.has(s.name)).map((s) => s.name)
  if (missing.length === 0) return undefined
  return `baseline ${path} has no verdict for ${missing.join(', ')}: ${missing.length === 1 ? 'it is' : 'they are'} not compared`
}
