import { REPORTERS } from '@leakwatch/reporters'
import { registeredSuites, type RunReport, runSuite } from '@leakwatch/runner'
import { defineCommand } from '../command.js'
import { EXIT, UsageError } from '../errors.js'
import { readPolicyFile } from '../read-policy.js'
import { VERSION } from '../version.js'

export const run = defineCommand({
  name: 'run',
  summary: 'run leak scenarios (default: the quick suite), grade them, report the verdicts',
  usage: ['leakwatch run [names|files...] [options]'],
  description: `Runs leak scenarios, each in its own process, samples them while they work, grades each
series and reports the verdicts. With no names and no --suite: the quick suite.`,
  args: [['names|files', "built-in scenario names ('leakwatch list'), or *.scenario.ts|mjs|js files"]],
  options: {
    suite: { value: '<name>', description: `${registeredSuites().map((s) => s.name).join(', ')}, or all` },
    scale: { value: '<f>', number: { min: 0.001 }, description: 'shrink (0.1) or stretch (2) every count and duration; recorded in the results' },
    out: { value: '<dir>', description: 'where samples, logs and leakwatch-results.json go (default: leakwatch-results)' },
    reporter: { value: '<name>', multiple: true, choices: Object.keys(REPORTERS), description: `${Object.keys(REPORTERS).join(' or ')}; repeat or comma-separate for several (default: all)` },
    'fail-on': { value: '<level>', choices: ['fail', 'warn'], description: 'fail (default) or warn: the lowest verdict that makes the exit code 1' },
    policy: { value: '<file.json>', description: 'thresholds and trend settings overriding the defaults, field by field' },
    fault: { description: "switch on each built-in scenario's leak, to watch leakwatch catch it" },
    interval: { value: '<ms>', number: { min: 1, integer: true }, description: "milliseconds between samples of each scenario's process (default 100)" },
    'max-extend': { value: '<f>', number: { min: 1 }, description: 'a run whose verdict is unclear goes on, up to f times its planned cycles\nand one more minute (default 4)' },
    'no-extend': { description: 'never extend a run: grade what was planned' },
  },
  footer: `Exit codes: 0 nothing failed, 1 a scenario failed or errored, 2 bad usage or scenario file,
130 interrupted (the partial results file is written).`,

  async run({ values, positionals }, io) {
    if (values['no-extend'] && values['max-extend'] !== undefined) throw new UsageError('give --no-extend or --max-extend, not both')
    const outDir = values.out ?? 'leakwatch-results'
    const report = await runSuite({
      targets: positionals,
      ...(values.suite === undefined ? {} : { suite: values.suite }),
      outDir,
      scale: values.scale ?? 1,
      reporters: (values.reporter ?? Object.keys(REPORTERS)).map((name) => REPORTERS[name as keyof typeof REPORTERS]({ stdout: io.stdout, outDir })),
      params: values.fault ? { fault: true } : {},
      ...(values.policy === undefined ? {} : { policy: await readPolicyFile(values.policy) }),
      ...(values.interval === undefined ? {} : { intervalMs: values.interval }),
      ...(values['no-extend'] ? { extension: false as const } : values['max-extend'] === undefined ? {} : { extension: { maxFactor: values['max-extend'] } }),
      ...(io.signal ? { signal: io.signal } : {}),
      tool: { name: 'leakwatch', version: VERSION },
    })
    return exitCode(report, values['fail-on'] === 'warn')
  },
})

/** 130 when interrupted; 1 when a scenario failed or errored (or warned, with --fail-on warn); else 0. */
function exitCode(report: RunReport, failOnWarn: boolean): number {
  if (report.interrupted) return EXIT.interrupted
  const { fail, error, warn } = report.totals
  return fail + error + (failOnWarn ? warn : 0) > 0 ? EXIT.failed : EXIT.ok
}
