export type SamplerErrorCode =
  | 'LEAKWATCH_NO_SUCH_PID'
  | 'LEAKWATCH_PERMISSION_DENIED'
  | 'LEAKWATCH_BAD_INTERVAL'
  | 'LEAKWATCH_BAD_OPTION'
  | 'LEAKWATCH_BAD_SAMPLES'
  | 'LEAKWATCH_CANNOT_READ'
  | 'LEAKWATCH_CANNOT_START'

/**
 * An error of the sampler, with a stable `code` and one clear sentence as its message: the
 * same shape as `LeakwatchError` of `@leakwatch/contracts`, declared here because the sampler,
 * which other apps embed, imports nothing of leakwatch at run time (types only).
 */
export class SamplerError extends Error {
  override readonly name = 'SamplerError'
  readonly code: SamplerErrorCode

  constructor(code: SamplerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

export function noSuchPid(pid: number, cause?: unknown): SamplerError {
  return new SamplerError('LEAKWATCH_NO_SUCH_PID', `no process with pid ${pid} (it may have exited)`, { cause })
}

export function permissionDenied(pid: number, path: string, cause?: unknown): SamplerError {
  return new SamplerError(
    'LEAKWATCH_PERMISSION_DENIED',
    `permission denied reading ${path} of pid ${pid}: run leakwatch as the same user as the process, or as root`,
    { cause },
  )
}

export function badInterval(value: unknown, what = 'interval'): SamplerError {
  return new SamplerError(
    'LEAKWATCH_BAD_INTERVAL',
    `${what} must be a whole number of milliseconds of at least 1, got ${JSON.stringify(value) ?? String(value)}`,
  )
}

export function badOption(message: string): SamplerError {
  return new SamplerError('LEAKWATCH_BAD_OPTION', message)
}

/** Turns a failed read of /proc/<pid>/… into the error a user can act on. */
export function procReadError(err: unknown, pid: number, path: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT' || code === 'ESRCH') return noSuchPid(pid, err)
  if (code === 'EACCES' || code === 'EPERM') return permissionDenied(pid, path, err)
  return err instanceof Error ? err : new Error(String(err))
}
