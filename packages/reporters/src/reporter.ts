import type { Reporter } from '@leakwatch/runner'

export interface ReporterOptions {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  /** The run's output folder; the JSON reporter writes `leakwatch-results.json` there. */
  outDir: string
}

/** Makes a reporter (the hooks `runSuite` calls as a run goes) for one run. */
export type ReporterFactory = (options: ReporterOptions) => Reporter
