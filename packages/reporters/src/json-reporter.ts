import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Reporter } from '@leakwatch/runner'
import type { ReporterOptions } from './reporter.js'

export const RESULTS_FILE = 'leakwatch-results.json'

/**
 * Writes `<outDir>/leakwatch-results.json` (or `path`) when the run ends, interrupted or not. Written to
 * a temporary name first and renamed, so a reader never sees half a file.
 */
export function jsonReporter({ outDir, path }: ReporterOptions): Reporter {
  return {
    async onRunEnd(report) {
      const file = path ?? join(outDir, RESULTS_FILE)
      await mkdir(dirname(file), { recursive: true })
      await writeFile(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`)
      await rename(`${file}.tmp`, file)
    },
  }
}
