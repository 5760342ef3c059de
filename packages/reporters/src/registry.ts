import { resolve } from 'node:path'
import { LeakwatchError } from '@leakwatch/contracts'
import type { Reporter } from '@leakwatch/runner'
import { consoleReporter } from './console-reporter.js'
import { htmlReporter } from './html/html-reporter.js'
import { jsonReporter } from './json-reporter.js'
import { githubReporter } from './github-reporter.js'
import { junitReporter } from './junit-reporter.js'
import { markdownReporter } from './markdown-reporter.js'
import type { ReporterFactory, ReporterOptions } from './reporter.js'

/** The reporters, by the name `--reporter` takes. */
export const REPORTERS = {
  console: consoleReporter,
  json: jsonReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  html: htmlReporter,
  github: githubReporter,
} as const satisfies Record<string, ReporterFactory>

export type ReporterName = keyof typeof REPORTERS

/** One reporter asked for: `junit`, or `junit=reports/leaks.xml` to choose its file. */
export interface ReporterSpec {
  name: ReporterName
  path?: string
}

/**
 * Reads `--reporter` values (each already split at commas): `name` or `name=path`. A name
 * given twice is kept once (the last path wins). Throws a LeakwatchError naming the bad value.
 *
 * @example
 * parseReporterSpecs(['console', 'junit=out/leaks.xml']) // [{ name: 'console' }, { name: 'junit', path: 'out/leaks.xml' }]
 */
export function parseReporterSpecs(values: readonly string[]): ReporterSpec[] {
  const specs = new Map<ReporterName, ReporterSpec>()
  for (const value of values) {
    const at = value.indexOf('=')
    const name = (at < 0 ? value : value.slice(0, at)).trim()
    const path = at < 0 ? undefined : value.slice(at + 1).trim()
    if (!isReporterName(name)) {
      throw new LeakwatchError('LEAKWATCH_BAD_REPORTER', `--reporter must be one of ${Object.keys(REPORTERS).join(', ')} (or name=path), got '${value}'`)
    }
    if (path === '') throw new LeakwatchError('LEAKWATCH_BAD_REPORTER', `--reporter ${name}= needs a file after the '=', e.g. ${name}=reports/${name}.out`)
    if (path !== undefined && name === 'console') throw new LeakwatchError('LEAKWATCH_BAD_REPORTER', '--reporter console prints to the terminal and takes no path')
    if (path !== undefined && name === 'github') throw new LeakwatchError('LEAKWATCH_BAD_REPORTER', '--reporter github prints annotations and writes to $GITHUB_STEP_SUMMARY; it takes no path')
    specs.set(name, path === undefined ? { name } : { name, path: resolve(path) })
  }
  return [...specs.values()]
}

/** Makes the reporters asked for, each with the shared options and its own path. */
export function createReporters(specs: readonly ReporterSpec[], options: ReporterOptions): Reporter[] {
  return specs.map(({ name, path }) => REPORTERS[name]({ ...options, ...(path === undefined ? {} : { path }) }))
}

function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name)
}
