import { join } from 'node:path'
import type { Reporter } from '@leakwatch/runner'
import type { ReporterOptions } from './reporter.js'
import { writeReportFile } from './write-report.js'

export const RESULTS_FILE = 'leakwatch-results.json'

/**
 * Writes `<outDir>/leakwatch-results.json` (or `path`) when the run ends, interrupted or not. Written to
 * a temporary name first and renamed, so a reader never sees half a file.
 */
export function jsonReporter({ outDir, path }: ReporterOptions): Reporter {
  return {
    async onRunEnd(report) {
      const file = path ?? join(outDir, RESULTS_FILE)
      await writeReportFile(file, `${JSON.stringify(report, null, 2)}\n`)
    },
  }
}
