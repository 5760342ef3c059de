import { access } from 'node:fs/promises'
import { join } from 'node:path'
import type { Reporter } from '@leakwatch/runner'
import type { ReporterOptions } from '../reporter.js'
import { streamSamples } from './_read-samples.js'
import { renderHtml } from './render-html.js'
import { writeReportFile } from '../write-report.js'

export const HTML_FILE = 'leakwatch-results.html'

/**
 * Writes `<outDir>/leakwatch-results.html` (or `path`) when the run ends: one page that
 * opens anywhere without a network, with a chart per scenario drawn from its samples file.
 * Each samples file is streamed once and summarised as it is read, so a day of samples at
 * one a second costs a few MiB, not a copy of the file; a missing one gets a note instead of
 * a chart. Written to a temporary name first and renamed, so a reader never sees half a file.
 */
export function htmlReporter({ outDir, path }: ReporterOptions): Reporter {
  return {
    async onRunEnd(report) {
      const file = path ?? join(outDir, HTML_FILE)
      const html = await renderHtml(report, async (scenario) => {
        if (!scenario.samplesFile) return 'no samples file was recorded'
        try {
          await access(scenario.samplesFile)
        } catch {
          return 'the samples file is missing'
        }
        return streamSamples(scenario.samplesFile)
      })
      await writeReportFile(file, html)
    },
  }
}
