import { isAbsolute, relative, resolve } from 'node:path'
import { createReporters, HTML_FILE, JUNIT_FILE, MARKDOWN_FILE, parseReporterSpecs, REPORTERS, RESULTS_FILE, type ReporterName, type ReporterOptions, type ReporterSpec } from '@leakwatch/reporters'
import type { Reporter } from '@leakwatch/runner'
import type { OptionSpec } from './command.js'

/** The reporters a run uses when `--reporter` is not given. */
export const DEFAULT_REPORTERS = ['console', 'json'] as const

/** `--reporter`, the same for every command that reports. */
export const REPORTER_HELP = {
  value: '<name[=path]>',
  multiple: true,
  description: `${Object.keys(REPORTERS).join(', ')}; repeat or comma-separate for several,\nname=path to choose a file (default: ${DEFAULT_REPORTERS.join(',')}; json is always\nwritten, and github added under GITHUB_ACTIONS=true)`,
} as const satisfies OptionSpec

export const REPORTER_FOOTER = `Reports go to the output folder: leakwatch-results.json (json, always written: report and
report --merge read it), .xml (junit), .md (markdown), .html (html); --reporter
junit=reports/leaks.xml puts one elsewhere. github prints annotations and appends the
Markdown summary to $GITHUB_STEP_SUMMARY.`

/** The reporters a command asked for, checked: their names, and how to make them for an output folder. */
export interface ReporterPlan {
  names: ReadonlySet<ReporterName>
  create(outDir: string): Reporter[]
  /** The line that says where the report files went: `reports: out/leakwatch-results.json, …` (relative to the working folder); undefined without one. */
  written(outDir: string): string | undefined
}

const FILES: Partial<Record<ReporterName, string>> = { json: RESULTS_FILE, junit: JUNIT_FILE, markdown: MARKDOWN_FILE, html: HTML_FILE }

/**
 * Reads `--reporter` (checked now, before anything runs) and returns the reporters to make once
 * the output folder is known. Under GitHub Actions (`GITHUB_ACTIONS=true`) the github reporter
 * is added whatever `--reporter` says, and so is each of `ensure`: `run`, `watch` and
 * `report --merge` always write their results file, which `report --merge` of CI shards
 * needs (a workflow asking for `--reporter console,junit` alone once had nothing to merge).
 */
export function reportersFor(
  values: readonly string[] | undefined,
  options: Omit<ReporterOptions, 'outDir'>,
  { env = process.env, ensure = [] }: { env?: NodeJS.ProcessEnv; ensure?: readonly ReporterName[] } = {},
): ReporterPlan {
  const specs: ReporterSpec[] = parseReporterSpecs(values ?? DEFAULT_REPORTERS)
  const added: ReporterName[] = [...ensure, ...(env.GITHUB_ACTIONS === 'true' ? (['github'] as const) : [])]
  for (const name of added) if (!specs.some((s) => s.name === name)) specs.push({ name })
  const written = (outDir: string) => {
    const files = specs.flatMap((s) => (FILES[s.name] ? [shown(s.path ?? resolve(outDir, FILES[s.name] as string))] : []))
    return files.length === 0 ? undefined : `reports: ${files.join(', ')}`
  }
  return { names: new Set(specs.map((s) => s.name)), create: (outDir) => createReporters(specs, { env, ...options, outDir }), written }
}

/** A file as the line shows it: relative to the working folder when it is under it, else as it is. */
function shown(file: string): string {
  const near = relative(process.cwd(), file)
  return near.startsWith('..') || isAbsolute(near) ? file : near
}
