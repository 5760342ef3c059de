import type { Reporter } from '@leakwatch/runner'

export interface ReporterOptions {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  /** The run's output folder; file reporters write there unless `path` is given. */
  outDir: string
  /**
   * The file this reporter writes, from `--reporter name=path` (a relative path is relative to
   * the working folder). Absent: the reporter's own file name in `outDir`.
   */
  path?: string
  /**
   * The environment the reporter reads: `NO_COLOR`, `FORCE_COLOR`, `TERM` (console), `CI`,
   * `GITHUB_STEP_SUMMARY` (github). Default `process.env`.
   */
  env?: NodeJS.ProcessEnv
  /** `--fail-on warn`: a warn counts as a failure where a format has only pass and fail (JUnit). */
  warnIsFailure?: boolean
}

/** Makes a reporter (the hooks `runSuite` calls as a run goes) for one run. */
export type ReporterFactory = (options: ReporterOptions) => Reporter
