export type ScenarioErrorCode = 'LEAKWATCH_BAD_SCENARIO' | 'LEAKWATCH_UNKNOWN_SCENARIO' | 'LEAKWATCH_BAD_OPTION'

/** A scenario leakwatch cannot run, with a stable `code` and one line naming the file and the problem. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError'
  readonly code: ScenarioErrorCode

  constructor(code: ScenarioErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
