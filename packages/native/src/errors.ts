import { LeakwatchError } from '@leakwatch/contracts'

export type NativeErrorCode = 'LEAKWATCH_NATIVE_UNAVAILABLE' | 'LEAKWATCH_WRITER_RELEASED' | 'LEAKWATCH_WRITER_OPEN' | 'LEAKWATCH_CAMERA'

/** An error of the native parts, with a stable `code` and one clear sentence. */
export class NativeError extends LeakwatchError<NativeErrorCode> {
  override readonly name = 'NativeError'
}
