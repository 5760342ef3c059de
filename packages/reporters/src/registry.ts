import { consoleReporter } from './console-reporter.js'
import { jsonReporter } from './json-reporter.js'
import type { ReporterFactory } from './reporter.js'

/** The reporters, by the name `--reporter` takes. */
export const REPORTERS = {
  console: consoleReporter,
  json: jsonReporter,
} as const satisfies Record<string, ReporterFactory>

export type ReporterName = keyof typeof REPORTERS
