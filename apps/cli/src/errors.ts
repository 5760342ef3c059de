/** A mistake in how leakwatch was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
  readonly code = 'LEAKWATCH_USAGE'
}

/** Exit codes of DESIGN.md. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const

/** Errors whose message is all a user needs: no stack trace. */
export function isUserError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code
  return err instanceof Error && typeof code === 'string' && code.startsWith('LEAKWATCH_')
}
