export type GraderErrorCode = 'LEAKWATCH_BAD_POLICY' | 'LEAKWATCH_BAD_SERIES'

/** A policy or series the grader cannot use, with a stable `code` and one clear sentence. */
export class GraderError extends Error {
  override readonly name = 'GraderError'
  readonly code: GraderErrorCode

  constructor(code: GraderErrorCode, message: string) {
    super(message)
    this.code = code
  }
}
