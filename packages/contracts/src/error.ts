/**
 * An error leakwatch expects to meet (bad input, a missing process, a scenario that cannot
 * load): a stable `code` starting `LEAKWATCH_` and one sentence a user can act on. The CLI
 * prints the message alone, with exit code 2; anything else is a bug and shows its stack.
 */
export class LeakwatchError<Code extends string = string> extends Error {
  readonly code: Code

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
