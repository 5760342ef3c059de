import { createReporters, parseReporterSpecs, REPORTERS, type ReporterOptions, type ReporterSpec } from '@leakwatch/reporters'
import type { Reporter } from '@leakwatch/runner'
import type { OptionSpec } from './command.js'

/** The reporters a run uses when `--reporter` is not given. */
export const DEFAULT_REPORTERS = ['console', 'json'] as const

/** `--reporter`, the same for every command that reports. */
export const REPORTER_HELP = {
  value: '<name[=path]>',
  multiple: true,
  description: `${Object.keys(REPORTERS).join(', ')}; repeat or comma-separate for several,\nname=path to choose a file (default: ${DEFAULT_REPORTERS.join(',')}; github is added\nunder GITHUB_ACTIONS=true)`,
} as const satisfies OptionSpec

export const REPORTER_FOOTER = `Reports go to the output folder: leakwatch-results.json (json), .xml (junit), .md (markdown),
.html (html); --reporter junit=reports/leaks.xml puts one elsewhere. github prints annotations
and appends the Markdown summary to $GITHUB_STEP_SUMMARY.`

/**
 * Reads `--reporter` (checked now, before anything runs) and returns how to make the
 * reporters once the output folder is known. Under GitHub Actions (`GITHUB_ACTIONS=true`) the
 * github reporter is added whatever `--reporter` says.
 */
export function reportersFor(
  values: readonly string[] | undefined,
  options: Omit<ReporterOptions, 'outDir'>,
  env: NodeJS.ProcessEnv = process.env,
): (outDir: string) => Reporter[] {
  const specs: ReporterSpec[] = parseReporterSpecs(values ?? DEFAULT_REPORTERS)
  if (env.GITHUB_ACTIONS === 'true' && !specs.some((s) => s.name === 'github')) specs.push({ name: 'github' })
  return (outDir) => createReporters(specs, { env, ...options, outDir })
}
