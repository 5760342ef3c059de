/**
 * Node's longest timer delay, 2^31 − 1 ms (about 24.8 days). A longer delay, or one that is
 * not a number, fires after 1 ms with no more than a warning: a huge plan would time out at once.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** A delay Node's timers keep as it is: from 0 to {@link MAX_TIMER_MS}; NaN waits the longest. */
export function timerDelay(ms: number): number {
  if (Number.isNaN(ms)) return MAX_TIMER_MS
  return Math.min(Math.max(0, ms), MAX_TIMER_MS)
}

/** `setTimeout` with its delay clamped by {@link timerDelay}: never the 1 ms of an overflow. */
export function clampedTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(fn, timerDelay(ms))
}
