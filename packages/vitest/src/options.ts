import type { PolicyOverrides } from '@leakwatch/grader'
import type { DiagnoseOptions, ExtensionBounds, Scenario } from '@leakwatch/runner'

/** A scenario for `test.leak`: its name is the test's unless it has one. */
export type LeakScenario<Ctx = unknown> = Omit<Scenario<Ctx>, 'name'> & { name?: string }

/** How a leak check runs and when it fails the test. */
export interface LeakOptions {
  /** 'fail' (default): only a fail verdict fails the test; 'warn': a warn does too. */
  failOn?: 'fail' | 'warn'
  /** Thresholds and trend settings, field by field over the grader's defaults. */
  policy?: PolicyOverrides
  /**
   * Isolated mode: the second, instrumented pass that says where a leak grew. Default
   * `{ when: 'auto' }` (after a fail or warn); false: never.
   */
  diagnose?: DiagnoseOptions | false
  /** Isolated mode: lengthen a run whose verdict is unclear (the runner's default), or false. */
  extension?: ExtensionBounds | false
  /** Isolated mode: ms between the parent's samples of the child. Default 100. */
  intervalMs?: number
  /**
   * Isolated mode: where samples, logs and diagnosis files go. Default the reporter's folder
   * (`LEAKWATCH_VITEST_OUT_DIR`), else `leakwatch-results` in the working folder.
   */
  outDir?: string
  /** The vitest timeout of a `test.leak` test, ms. Default 120 000. */
  timeout?: number
}

/** Options of `expectNoLeak` and `toLeak`: how many cycles, and the same knobs as `test.leak`. */
export interface ExpectLeakOptions extends LeakOptions {
  /** Measured cycles. Default the scenario's, else 200. */
  cycles?: number
  /** Cycles before the baseline, not graded. Default a tenth of the run (3 to 100). */
  warmup?: number
  /** In-process mode: a checkpoint every this many cycles. Default about 50 over the run. */
  checkpointEvery?: number
  /** A name for the results; default the function's name or 'in-process'. */
  name?: string
}
