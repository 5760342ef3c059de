import { SUITES } from '@leakwatch/scenarios'
import { parseFlags } from '../args.js'
import type { Io } from '../io.js'

export const LIST_HELP = `Usage: leakwatch list

Lists the built-in suites and their scenarios with what each runs.
`

/** `leakwatch list`: the built-in suites and scenarios. */
export async function listCommand(args: string[], io: Io): Promise<number> {
  parseFlags(args, {})
  for (const [suite, scenarios] of Object.entries(SUITES)) {
    io.stdout.write(`${suite}\n`)
    for (const s of scenarios) {
      const work = s.durationMs !== undefined ? `${s.durationMs / 60_000} min` : `${s.cycles} cycles`
      io.stdout.write(`  ${s.name.padEnd(46)} ${work.padStart(12)}  ${s.description ?? ''}\n`)
    }
  }
  return 0
}
