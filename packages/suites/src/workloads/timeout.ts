/** An operation ran past its time limit. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError'
  readonly code = 'ETIMEDOUT'

  constructor(ms: number) {
    super(`timed out after ${ms} ms`)
  }
}

/** 'timer-not-cleared': the time limit's timer is left pending when the operation finishes in time. */
export type TimeoutFault = 'timer-not-cleared'

/**
 * Runs `op` with a time limit. On timeout the op's signal aborts (so it can stop its work)
 * and the promise rejects with a TimeoutError; either way the timer is cleared.
 *
 * @example
 * const body = await withTimeout((signal) => fetch(url, { signal }), 5_000)
 */
export async function withTimeout<T>(op: (signal: AbortSignal) => Promise<T>, ms: number, fault?: TimeoutFault): Promise<T> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(ms)
      controller.abort(error)
      reject(error)
    }, ms)
  })
  timedOut.catch(() => {}) // observed below when it matters; never an unhandled rejection
  try {
    return await Promise.race([op(controller.signal), timedOut])
  } finally {
    if (fault !== 'timer-not-cleared') clearTimeout(timer)
  }
}

/** 'cancel-ignored': the operation does not stop when its signal aborts. */
export type CancelFault = 'cancel-ignored'

/** A slow operation: resolves after `ms`, or stops and rejects as soon as `signal` aborts. */
export function cancellableDelay(ms: number, signal: AbortSignal, fault?: CancelFault): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    if (fault !== 'cancel-ignored') signal.addEventListener('abort', onAbort, { once: true })
  })
}
