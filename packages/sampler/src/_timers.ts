import { SamplerError } from './errors.js'

/** Node's longest timer, in ms: past it, setTimeout and setInterval fire after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1

/** Refuses a timer Node would cut to 1 ms, naming the option and the maximum. */
export function assertTimerFits(ms: number, what: string): void {
  if (ms > MAX_TIMER_MS) {
    throw new SamplerError('LEAKWATCH_BAD_INTERVAL', `${what} must be at most ${MAX_TIMER_MS} ms (Node's longest timer), got ${ms}`)
  }
}
