import { join } from 'node:path'
import type { Reporter } from '@leakwatch/runner'
import { renderJunit } from './junit.js'
import type { ReporterOptions } from './reporter.js'
import { writeReportFile } from './write-report.js'

export const JUNIT_FILE = 'leakwatch-results.xml'

/**
 * Writes `<outDir>/leakwatch-results.xml` (or `path`) when the run ends, interrupted or not:
 * {@link renderJunit}'s JUnit XML, for the test report of a CI server. With `warnIsFailure`
 * (`--fail-on warn`) a warn is a failure there too. Written to a temporary name first and
 * renamed, so a CI server never reads half a file.
 */
export function junitReporter({ outDir, path, warnIsFailure }: ReporterOptions): Reporter {
  return {
    async onRunEnd(report) {
      const file = path ?? join(outDir, JUNIT_FILE)
      await writeReportFile(file, renderJunit(report, { warnIsFailure: warnIsFailure === true }))
    },
  }
}
