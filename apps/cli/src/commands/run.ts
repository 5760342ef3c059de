import { DEFAULT_PARTS, type DiagnoseOptions, registeredSuites, type RunReport, runSuite, type ScenarioRef } from '@leakwatch/runner'
import type { DiagnosePart } from '@leakwatch/contracts'
import { defineCommand, timerMs } from '../command.js'
import { EXIT, UsageError } from '../errors.js'
import { lockOutDir } from '../out-lock.js'
import { prepareOutDir } from '../out-dir.js'
import { CONFIG_OPTIONS, settingsFor } from '../config/options.js'
import { configuredScenarios, policyForScenario } from '../config/scenarios.js'
import { reportersFor, REPORTER_HELP, REPORTER_FOOTER } from '../reporter-specs.js'
import { VERSION } from '../version.js'
import { baselineNote, readBaseline } from '../baseline.js'
import { parseShard, selectShard } from '../shard.js'

export const run = defineCommand({
  name: 'run',
  summary: 'run leak scenarios (default: the quick suite), grade them, report the verdicts',
  usage: ['leakwatch run [names|files...] [options]'],
  description: `Runs leak scenarios, each in its own process, samples them while they work, grades each
series and reports the verdicts. With no names and no --suite: the scenarios and suites of the
config file (leakwatch.config.ts, in this folder or one above; 'leakwatch config' shows it), else
the quick suite.`,
  args: [['names|files', "built-in scenario names ('leakwatch list'), or *.scenario.ts|mjs|js files"]],
  options: {
    suite: { value: '<name>', description: `${registeredSuites().map((s) => s.name).join(', ')}, or all` },
    scale: { value: '<f>', number: { min: 0.001 }, description: 'shrink (0.1) or stretch (2) every count and duration; recorded in the results' },
    out: { value: '<dir>', description: 'where samples, logs and leakwatch-results.json go (default: leakwatch-results)' },
    reporter: REPORTER_HELP,
    'fail-on': { value: '<level>', choices: ['fail', 'warn'], description: 'fail (default) or warn: the lowest verdict that makes the exit code 1' },
    policy: { value: '<file.json>', description: 'thresholds and trend settings overriding the defaults, field by field' },
    ...CONFIG_OPTIONS,
    fault: { description: "switch on each built-in scenario's leak, to watch leakwatch catch it" },
    interval: { value: '<ms>', number: timerMs, description: "milliseconds between samples of each scenario's process (default 100)" },
    'max-extend': { value: '<f>', number: { min: 1 }, description: 'a run whose verdict is unclear goes on, up to f times its planned cycles\nand one more minute (default 4)' },
    'no-extend': { description: 'never extend a run: grade what was planned' },
    diagnose: { description: 'look for where it grows after every scenario, not only after a fail or warn\n(a second, instrumented pass of each)' },
    'no-diagnose': { description: 'never look for where it grows (no second pass)' },
    'diagnose-parts': { value: '<parts>', multiple: true, choices: ['sampling', 'snapshot', 'handles', 'fds', 'threads', 'maps', 'native'], description: `the instruments of the second pass (default: ${DEFAULT_PARTS.join(',')})` },
    'diagnose-budget': { value: '<MiB>', number: { min: 16 }, description: 'memory the heap-snapshot comparison may take (default 512); a bigger heap\nis not snapshotted, and the report says so' },
    'native-profile': { description: 'also profile native memory in the second pass with jemalloc\n(apt-get install libjemalloc2)' },
    shard: { value: '<i/n>', description: 'run only the i-th of n shards of the scenarios, split by expected duration;\njoin the shards\' results with leakwatch report --merge' },
    baseline: { value: '<results.json>', description: 'compare each scenario with its verdict in an earlier results file: a late\nslope or peak that rose beyond the tolerance warns' },
    'fail-on-increase': { description: 'with --baseline: a rise beyond the tolerance fails the scenario instead' },
  },
  footer: `Scenario files are arguments (leakwatch run a.scenario.mjs); run takes no command after --.
--out must be a folder leakwatch can create and write: it is checked before any scenario
starts. While a run writes there, <out>/.leakwatch.lock holds its pid, and a second run into the
same folder exits 2; a lock left by a run that was killed is taken over.
Ctrl-C, SIGTERM or SIGHUP stops the run and writes the partial results; a second one ends
leakwatch at once, killing every process the run started.
After a scenario fails or warns, a second, instrumented pass of it looks for where it grows
(the objects and the lines that allocate them, what holds them, handles, fds, threads): the
verdict is decided on the first pass alone. --diagnose does it for every scenario, --no-diagnose
never.
${REPORTER_FOOTER}
Exit codes: 0 nothing failed, 1 a scenario failed or errored, 2 bad usage or scenario file,
130 interrupted (the partial results file is written).`,

  async run({ values, positionals, rest }, io) {
    if (rest.length > 0) throw new UsageError('run takes no command after --; give scenario files as arguments: leakwatch run file.mjs')
    if (values['no-extend'] && values['max-extend'] !== undefined) throw new UsageError('give --no-extend or --max-extend, not both')
    if (values.diagnose && values['no-diagnose']) throw new UsageError('give --diagnose or --no-diagnose, not both')
    // defaults < config file < its ci profile (under CI) < flags
    const settings = await settingsFor(values, positionals)
    const policy = settings.policy
    if (values['fail-on-increase'] && values.baseline === undefined) throw new UsageError('--fail-on-increase needs --baseline <results.json>')
    const shard = values.shard === undefined ? undefined : parseShard(values.shard)
    const baseline = values.baseline === undefined ? undefined : await readBaseline(values.baseline, values['fail-on-increase'] === true)
    const failOnWarn = settings.failOn.value === 'warn'
    const reporters = reportersFor(settings.reporters.value, { stdout: io.stdout, warnIsFailure: failOnWarn }, { ensure: ['json'] })
    const signal = io.signal
    let scenarios: ScenarioRef[]
    try {
      scenarios = await configuredScenarios(settings, { signal })
    } catch (err) {
      if (signal?.aborted) return EXIT.interrupted // Ctrl-C while a scenario file loaded
      throw err
    }
    if (shard) {
      const all = scenarios.length
      scenarios = selectShard(scenarios, shard) // at scale 1: the split does not depend on --scale
      if (scenarios.length === 0) io.stderr.write(`leakwatch: shard ${shard.index}/${shard.total} has no scenarios (${all} over ${shard.total} shards): writing empty results\n`)
    }
    const note = baseline && values.baseline !== undefined ? baselineNote(scenarios, baseline, values.baseline) : undefined
    if (note) io.stderr.write(`leakwatch: ${note}\n`)
    // checked and locked only now, so that a mistyped name leaves no folder behind
    const outDir = prepareOutDir(settings.outDir.value)
    const lock = lockOutDir(outDir, settings.outDir.value)
    try {
      const report = await runSuite({
        scenarios,
        outDir,
        scale: settings.scale.value,
        reporters: reporters.create(outDir),
        params: values.fault ? { fault: true } : {},
        ...(policy === undefined ? {} : { policy }),
        ...withPolicyFor(policyForScenario(settings)),
        ...(settings.interval.source === 'default' ? {} : { intervalMs: settings.interval.value }),
        ...(settings.extension.value === undefined ? {} : { extension: settings.extension.value }),
        diagnose: diagnoseOptions(values, settings.diagnose.value),
        ...(signal ? { signal } : {}),
        tool: { name: 'leakwatch', version: VERSION },
        ...(shard ? { shard } : {}),
        ...(baseline ? { baseline } : {}),
      })
      const written = reporters.written(outDir)
      if (written && reporters.names.has('console')) io.stdout.write(`${written}\n`)
      return exitCode(report, failOnWarn)
    } finally {
      lock.release()
    }
  },
})

const withPolicyFor = (policyFor: ReturnType<typeof policyForScenario>) => (policyFor ? { policyFor } : {})

function diagnoseOptions(values: { 'diagnose-parts'?: string[]; 'diagnose-budget'?: number; 'native-profile'?: boolean }, when: DiagnoseOptions['when']): DiagnoseOptions {
  return {
    when,
    ...(values['diagnose-parts'] ? { parts: values['diagnose-parts'] as DiagnosePart[] } : {}),
    ...(values['diagnose-budget'] === undefined ? {} : { budgetBytes: values['diagnose-budget'] * 1024 * 1024 }),
    ...(values['native-profile'] ? { nativeProfile: true } : {}),
  }
}

/** 130 when interrupted; 1 when a scenario failed or errored (or warned, with --fail-on warn); else 0. */
export function exitCode(report: RunReport, failOnWarn: boolean): number {
  if (report.interrupted) return EXIT.interrupted
  const { fail, error, warn } = report.totals
  return fail + error + (failOnWarn ? warn : 0) > 0 ? EXIT.failed : EXIT.ok
}
