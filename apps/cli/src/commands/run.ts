import { REPORTERS, type ReporterName } from '@leakwatch/reporters'
import { resolveScenarios } from '@leakwatch/scenarios'
import { choiceFlag, numberFlag, parseFlags } from '../args.js'
import { UsageError } from '../errors.js'
import type { Io } from '../io.js'
import { readPolicyFile } from '../read-policy.js'
import { runSuite } from '../run-suite.js'

export const RUN_HELP = `Usage: leakwatch run [names|files...] [options]

Runs leak scenarios, each in its own process, samples them while they work, grades each
series and reports the verdicts. With no names and no --suite: the quick suite.

Arguments:
  names|files           built-in scenario names ('leakwatch list'), or *.scenario.ts|mjs|js files

Options:
  --suite <name>        quick, stress, video, or all
  --scale <f>           shrink (0.1) or stretch (2) every count and duration; recorded in the results
  --out <dir>           where samples, logs and leakwatch-results.json go (default: leakwatch-results)
  --reporter <name>     console or json; repeat for both (default: both)
  --fail-on <level>     fail (default) or warn: the lowest verdict that makes the exit code 1
  --policy <file.json>  thresholds and trend settings overriding the defaults, field by field
  --fault               switch on each built-in scenario's leak, to watch leakwatch catch it
  --interval <ms>       milliseconds between samples of each scenario's process (default 100)
  --max-extend <f>      a run whose verdict is unclear goes on, up to f times its planned cycles
                        and one more minute (default 4)
  --no-extend           never extend a run: grade what was planned
  -h, --help            show this help

Exit codes: 0 nothing failed, 1 a scenario failed or errored, 2 bad usage or scenario file,
130 interrupted (the partial results file is written).
`

/** `leakwatch run`: resolve scenarios and reporters, run, grade, report. */
export async function runCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      suite: { type: 'string' },
      scale: { type: 'string' },
      out: { type: 'string' },
      reporter: { type: 'string', multiple: true },
      'fail-on': { type: 'string' },
      policy: { type: 'string' },
      fault: { type: 'boolean' },
      interval: { type: 'string' },
      'max-extend': { type: 'string' },
      'no-extend': { type: 'boolean' },
    },
    true,
  )
  const names = (values.reporter as string[] | undefined) ?? ['console', 'json']
  const unknown = names.find((name) => !(name in REPORTERS))
  if (unknown) throw new UsageError(`--reporter must be one of ${Object.keys(REPORTERS).join(', ')}, got '${unknown}'`)
  const outDir = (values.out as string | undefined) ?? 'leakwatch-results'
  const maxFactor = numberFlag('max-extend', values['max-extend'] as string | undefined, { min: 1 })
  if (values['no-extend'] && maxFactor !== undefined) throw new UsageError('give --no-extend or --max-extend, not both')
  return runSuite(
    {
      scenarios: await resolveScenarios({ targets: positionals, suite: values.suite as string | undefined }),
      outDir,
      scale: numberFlag('scale', values.scale as string | undefined, { min: 0.001 }) ?? 1,
      reporters: names.map((name) => REPORTERS[name as ReporterName]({ stdout: io.stdout, outDir })),
      failOn: choiceFlag('fail-on', values['fail-on'] as string | undefined, ['warn', 'fail'] as const) ?? 'fail',
      params: values.fault ? { fault: true } : {},
      policy: await readPolicyFile(values.policy as string | undefined),
      intervalMs: numberFlag('interval', values.interval as string | undefined, { min: 1, integer: true }),
      ...(values['no-extend'] ? { extension: false as const } : maxFactor === undefined ? {} : { extension: { maxFactor } }),
    },
    io,
  )
}
