import { gradeSeries } from '@leakwatch/grader'
import { formatVerdict } from '@leakwatch/reporters'
import { choiceFlag, parseFlags } from '../args.js'
import { EXIT, UsageError } from '../errors.js'
import type { Io } from '../io.js'
import { namingFile, readPolicyFile } from '../read-policy.js'
import { readSamples } from '../read-samples.js'

export const GRADE_HELP = `Usage: leakwatch grade <samples.ndjson> [options]

Grades a recorded series (one Sample per line, as 'leakwatch sample --format ndjson' and
'leakwatch run' write them) and prints the verdict: each layer judged on sustained late
growth (a plateau passes, growth that goes on to the end does not), the layer that decided,
the leak signs with their numbers, and what to do next. A series without phases (a process
sampled from outside) has its start-up left out of the baseline.

Options:
  --policy <file.json>  thresholds and trend settings overriding the defaults field by field,
                        e.g. {"tiers": {"short": {"failPct": 12}}, "startup": {"share": 0.3}}
  --format <name>       text (default) or json (the Verdict)
  -h, --help            show this help

Exit codes: 0 pass or warn (inconclusive included), 1 fail, 2 bad input (a malformed line
names its line number).
`

/** `leakwatch grade`: read the series and the policy, grade, print the verdict. */
export async function gradeCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(args, { policy: { type: 'string' }, format: { type: 'string' } }, true)
  const format = choiceFlag('format', values.format, ['text', 'json'] as const) ?? 'text'
  if (positionals.length !== 1) throw new UsageError('give one samples file: leakwatch grade <samples.ndjson>')
  const file = positionals[0] as string
  const policy = await readPolicyFile(values.policy)
  const samples = await readSamples(file)
  const verdict = namingFile(file, () => gradeSeries(samples, policy))
  io.stdout.write(format === 'json' ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict))
  return verdict.status === 'fail' || verdict.status === 'error' ? EXIT.failed : EXIT.ok
}
