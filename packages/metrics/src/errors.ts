import { LeakwatchError } from '@leakwatch/contracts'

export type MetricsErrorCode = 'LEAKWATCH_MISSING_PEER' | 'LEAKWATCH_BAD_OPTION'

/** An error of `@leakwatch/metrics`: a stable `code` and one sentence a user can act on. */
export class MetricsError extends LeakwatchError<MetricsErrorCode> {
  override readonly name = 'MetricsError'
}

/** @internal */
export function missingPeer(name: string, cause?: unknown): MetricsError {
  return new MetricsError('LEAKWATCH_MISSING_PEER', `${name} is not installed: npm install ${name}`, { cause })
}

/** @internal */
export function badOption(message: string): MetricsError {
  return new MetricsError('LEAKWATCH_BAD_OPTION', message)
}
