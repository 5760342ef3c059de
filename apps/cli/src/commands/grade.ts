import { gradeSeries, GraderError, resolvePolicy } from '@leakwatch/grader'
import { formatVerdict } from '@leakwatch/reporters'
import { choiceFlag, parseFlags } from '../args.js'
import { EXIT, UsageError } from '../errors.js'
import type { Io } from '../io.js'
import { readJsonFile, readSamples } from '../read-samples.js'

export const GRADE_HELP = `Usage: leakwatch grade <samples.ndjson> [options]

Grades a recorded series (one Sample per line, as 'leakwatch sample --format ndjson' and
'leakwatch run' write them) and prints the verdict: growth against the threshold for the
run's length, the leak signs with their numbers, and what to do next.

Options:
  --policy <file.json>  thresholds and trend settings overriding the defaults field by field,
                        e.g. {"tiers": {"short": {"failPct": 12}}, "metric": "heapUsed"}
  --format <name>       text (default) or json (the Verdict)
  -h, --help            show this help

Exit codes: 0 pass or warn, 1 fail, 2 bad input (a malformed line names its line number).
`

/** `leakwatch grade`: read the series and the policy, grade, print the verdict. */
export async function gradeCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(args, { policy: { type: 'string' }, format: { type: 'string' } }, true)
  const format = choiceFlag('format', values.format, ['text', 'json'] as const) ?? 'text'
  if (positionals.length !== 1) throw new UsageError('give one samples file: leakwatch grade <samples.ndjson>')
  const file = positionals[0] as string
  const policyJson = values.policy === undefined ? undefined : await readJsonFile(values.policy)
  const policy = values.policy === undefined ? undefined : naming(values.policy, () => resolvePolicy(policyJson))
  const samples = await readSamples(file)
  const verdict = naming(file, () => gradeSeries(samples, policy))
  io.stdout.write(format === 'json' ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict))
  return verdict.status === 'fail' || verdict.status === 'error' ? EXIT.failed : EXIT.ok
}

/** The grader's errors do not know the file they came from; name it. */
function naming<T>(file: string, compute: () => T): T {
  try {
    return compute()
  } catch (err) {
    if (err instanceof GraderError) throw new UsageError(`${file}: ${err.message}`, { cause: err })
    throw err
  }
}
