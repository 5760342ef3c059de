import { dirname, resolve } from 'node:path'
import { REPORTERS } from '@leakwatch/reporters'
import { mergeReports, type Reporter, type RunReport } from '@leakwatch/runner'
import { readSamples } from '@leakwatch/sampler'
import { defineCommand } from '../command.js'
import { EXIT, UsageError } from '../errors.js'
import { lockOutDir } from '../out-lock.js'
import { prepareOutDir } from '../out-dir.js'
import { REPORTER_HELP, reportersFor } from '../reporter-specs.js'
import { readResultsFile } from '../results-file.js'
import { exitCode } from './run.js'

export const report = defineCommand({
  name: 'report',
  summary: 'render saved results again (any reporter), or merge several results files into one',
  usage: ['leakwatch report <results.json...> [--reporter <name[=path]>] [--out <dir>]', 'leakwatch report --merge <results.json...> [--out <dir>] [--fail-on warn]'],
  description: `Renders the results of earlier runs with any reporter, from their leakwatch-results.json
and samples files: an HTML report of last night's run, JUnit for a CI system, the console
output again. With --merge: joins several results files (shards of one run, a run and its
re-runs) into one results file and one report, and exits as one run would have.`,
  args: [['results.json', "leakwatch-results.json files written by 'leakwatch run' (the samples files are\nfound where the run wrote them, or beside the results file)"]],
  options: {
    reporter: { ...REPORTER_HELP, description: `${Object.keys(REPORTERS).join(', ')}; repeat or comma-separate for several,\nname=path to choose a file (default: console; with --merge: console,json)` },
    out: { value: '<dir>', description: "where the reports go (default: the results file's folder;\nwith --merge: leakwatch-results)" },
    merge: { description: 'join the results files into one: a scenario found in several is taken from\nthe run that started last; the merged leakwatch-results.json is always written' },
    'fail-on': { value: '<level>', choices: ['fail', 'warn'], description: 'with --merge: the lowest verdict that makes the exit code 1 (default fail)' },
  },
  footer: `Exit codes: 0 written (without --merge, whatever the verdicts); with --merge as run: 1 a
scenario failed or errored (or warned, with --fail-on warn), 130 a part was interrupted;
2 bad usage or a file that is not a leakwatch results file.
Examples:
  leakwatch report leakwatch-results/leakwatch-results.json --reporter html,markdown
  leakwatch report --merge shard-*/leakwatch-results.json --reporter console,json,junit`,

  async run({ values, positionals, rest }, io) {
    if (rest.length > 0) throw new UsageError('report takes results files as arguments, not a command after --')
    if (positionals.length === 0) throw new UsageError('give one or more results files: leakwatch report leakwatch-results/leakwatch-results.json')
    if (values['fail-on'] !== undefined && !values.merge) throw new UsageError('--fail-on applies to --merge only: report alone exits 0 once written')
    const failOnWarn = values['fail-on'] === 'warn'
    const reporters = reportersFor(values.reporter ?? ['console'], { stdout: io.stdout, warnIsFailure: failOnWarn }, { ensure: values.merge ? ['json'] : [] })
    const reports: RunReport[] = []
    for (const file of positionals) reports.push(await readResultsFile(file))

    if (values.merge) {
      let merged: RunReport
      try {
        merged = mergeReports(reports)
      } catch (err) {
        throw new UsageError(`cannot merge ${positionals.join(', ')}: ${(err as Error).message}`, { cause: err })
      }
      const outDir = prepareOutDir(values.out ?? 'leakwatch-results')
      const lock = lockOutDir(outDir, values.out ?? 'leakwatch-results')
      try {
        await replay(merged, reporters.create(outDir), io.signal)
        const written = reporters.written(outDir)
        if (written) io.stdout.write(`${written}\n`)
      } finally {
        lock.release()
      }
      return exitCode(merged, failOnWarn)
    }

    if (values.out !== undefined && positionals.length > 1) {
      throw new UsageError('several results files and one --out: give --merge to join them, or render one at a time')
    }
    for (const [i, file] of positionals.entries()) {
      const outDir = values.out === undefined ? dirname(resolve(file)) : prepareOutDir(values.out)
      await replay(reports[i] as RunReport, reporters.create(outDir), io.signal)
      const written = reporters.written(outDir)
      if (written) io.stdout.write(`${written}\n`)
    }
    return EXIT.ok
  },
})

/**
 * Tells reporters about a finished run as `runSuite` would have: the run, each scenario with
 * its samples (read back from its samples file, when it is still there) and its end, the end.
 */
async function replay(report: RunReport, reporters: Reporter[], signal: AbortSignal | undefined): Promise<void> {
  const tell = (hook: (r: Reporter) => void) => reporters.forEach(hook)
  tell((r) => r.onRunStart?.({ scenarios: report.scenarios, scale: report.scale, outDir: '' }))
  for (const scenario of report.scenarios) {
    tell((r) => r.onScenarioStart?.(scenario))
    if (reporters.some((r) => r.onSample) && !signal?.aborted) {
      try {
        for await (const sample of readSamples(scenario.samplesFile)) tell((r) => r.onSample?.(scenario.name, sample))
      } catch {
        // a missing or damaged samples file leaves out the checkpoint lines, not the verdict
      }
    }
    tell((r) => r.onScenarioEnd?.(scenario))
  }
  for (const reporter of reporters) await reporter.onRunEnd?.(report)
}
