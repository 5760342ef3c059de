export type NativeErrorCode = 'LEAKWATCH_NATIVE_UNAVAILABLE' | 'LEAKWATCH_WRITER_RELEASED' | 'LEAKWATCH_WRITER_OPEN' | 'LEAKWATCH_CAMERA'

/** An error of the native parts, with a stable `code` and one clear sentence. */
export class NativeError extends Error {
  override readonly name = 'NativeError'
  readonly code: NativeErrorCode

  constructor(code: NativeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
