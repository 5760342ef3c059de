import { join } from 'node:path'
import type { Reporter } from '@leakwatch/runner'
import { renderMarkdown } from './markdown.js'
import type { ReporterOptions } from './reporter.js'
import { writeReportFile } from './write-report.js'

export const MARKDOWN_FILE = 'leakwatch-results.md'

/**
 * Writes `<outDir>/leakwatch-results.md` (or `path`) when the run ends, interrupted or not:
 * {@link renderMarkdown}'s table and sections, for a pull request comment or a wiki page.
 * Written to a temporary name first and renamed, so a reader never sees half a file.
 */
export function markdownReporter({ outDir, path }: ReporterOptions): Reporter {
  return {
    async onRunEnd(report) {
      const file = path ?? join(outDir, MARKDOWN_FILE)
      await writeReportFile(file, renderMarkdown(report))
    },
  }
}
