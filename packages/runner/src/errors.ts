import { LeakwatchError } from '@leakwatch/contracts'

export type ScenarioErrorCode = 'LEAKWATCH_BAD_SCENARIO' | 'LEAKWATCH_UNKNOWN_SCENARIO' | 'LEAKWATCH_BAD_OPTION'

/** A scenario leakwatch cannot run, with a stable `code` and one line naming the file and the problem. */
export class ScenarioError extends LeakwatchError<ScenarioErrorCode> {
  override readonly name = 'ScenarioError'
}
