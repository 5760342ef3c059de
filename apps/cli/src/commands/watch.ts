import { accessSync, constants, createWriteStream, mkdirSync, openSync, statSync, type WriteStream } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import type { Sample } from '@leakwatch/contracts'
import { formatPrometheus, type MetricFamily, type MetricsServer, sampleFamilies, serveMetrics } from '@leakwatch/metrics'
import { formatVerdict } from '@leakwatch/reporters'
import { ndjsonSink, sampleProcess, watchProcess, type WatchResult } from '@leakwatch/sampler'
import { defineCommand, timerMs, timerSeconds } from '../command.js'
import { EXIT, UsageError } from '../errors.js'
import { lockOutDir } from '../out-lock.js'
import { prepareOutDir } from '../out-dir.js'
import { readPolicyFile } from '../read-policy.js'
import { REPORTER_FOOTER, REPORTER_HELP, reportersFor } from '../reporter-specs.js'
import { heartbeatView, liveView } from '../watch/watch-view.js'
import { conclude, watchRunReport, watchTarget } from '../watch/watch-report.js'
import { WatchState } from '../watch/watch-state.js'

export const watch = defineCommand({
  name: 'watch',
  summary: 'watch a process or a command for hours with a live verdict, then report it',
  usage: ['leakwatch watch [options] --pid <pid>', 'leakwatch watch [options] -- <command> [args...]'],
  description: `The guide's manual long-duration test: samples a running process, or a command that
leakwatch starts, until it exits, --duration passes or Ctrl-C, and grades it as 'leakwatch
grade' does (start-up left out; a leak is growth that goes on to the end). On a terminal a
live view shows RSS, threads and open fds as sparklines of the run so far, their change since
the level after start-up and the running verdict; elsewhere a line every 30 s. Every sample is written to
<out>/samples/watch-<name>.ndjson as it comes; at the end the reporters write the verdict.`,
  options: {
    pid: { value: '<pid>', number: { min: 1, integer: true }, description: 'process to watch (left running when the watch ends)' },
    duration: { value: '<s>', number: timerSeconds, description: 'stop after this many seconds (a started command is then ended)' },
    interval: { value: '<ms>', number: timerMs, description: 'milliseconds between samples (default 1000)' },
    out: { value: '<dir>', description: 'where the samples, the command\'s output and leakwatch-results.json go\n(default: leakwatch-results)' },
    reporter: REPORTER_HELP,
    policy: { value: '<file.json>', description: 'thresholds and trend settings overriding the defaults, field by field' },
    metrics: { value: '<port>', number: { min: 0, max: 65535, integer: true }, description: 'serve the latest sample and the running verdict as Prometheus metrics at\nhttp://127.0.0.1:<port>/metrics while the watch runs (0: a free port, printed)' },
  },
  footer: `A started command runs in a process group of its own, ended with the watch however it ends
(its group gets SIGTERM, then SIGKILL 5 s later); its stdout and stderr go to
<out>/logs/watch-<name>.log. The watch holds a bounded series (a few thousand samples, thinned
evenly as it grows) and grades it again at most every 5 s: memory stays flat over days.
Ctrl-C, SIGTERM or SIGHUP ends the watch: the verdict on what was measured is printed and
the reports written; a second one ends leakwatch at once.
${REPORTER_FOOTER}
--metrics serves leakwatch_rss_bytes, leakwatch_heap_used_bytes, leakwatch_threads,
leakwatch_open_fds, … of the watched process (labelled target=…) and leakwatch_watch_verdict
(0 pass, 1 warn, 2 fail; no value while collecting), for a Prometheus beside a long watch.
Exit codes: 0 pass or warn (inconclusive included), 1 the verdict fails, or there is none: the
process ended before there were 2 samples after start-up, or a started command exited with an
error before the verdict was conclusive (a later error is printed; the verdict decides),
2 bad usage or no such pid, 130 interrupted (after the reports are written).`,

  async run({ values, rest }, io) {
    const { pid, interval = 1000, duration } = values
    if (pid === undefined && rest.length === 0) throw new UsageError("give --pid <pid> or a command after --, e.g. 'leakwatch watch -- node server.js'")
    if (pid !== undefined && rest.length > 0) throw new UsageError('give either --pid or a command, not both')
    const asked = reportersFor(values.reporter, { stdout: io.stdout }, { ensure: ['json'] })
    const policy = await readPolicyFile(values.policy)
    if (pid !== undefined) await sampleProcess(pid) // no such pid: exit 2 before any file is written
    if (rest[0] !== undefined && !onPath(rest[0])) throw new UsageError(`cannot start '${rest[0]}': command not found`) // before any file is written
    const target = watchTarget(pid, rest)
    const outDir = prepareOutDir(values.out ?? 'leakwatch-results')
    const lock = lockOutDir(outDir, values.out ?? 'leakwatch-results')
    try {
      const samplesFile = join(outDir, 'samples', `${target.file}.ndjson`)
      const logFile = pid === undefined ? join(outDir, 'logs', `${target.file}.log`) : undefined
      const samples = openStream(samplesFile)
      const log = logFile === undefined ? undefined : openStream(logFile)
      const state = new WatchState(policy === undefined ? {} : { policy })
      const title = `leakwatch watch: ${target.shown}, every ${interval} ms${duration === undefined ? '' : ` for ${duration} s`}`
      const view = (io.stdout as { isTTY?: boolean }).isTTY ? liveView(io.stdout, title) : heartbeatView(io.stdout)
      io.stdout.write(`${(io.stdout as { isTTY?: boolean }).isTTY ? '' : `${title}\n`}samples: ${samplesFile}${logFile ? `\noutput of the command: ${logFile}` : ''}\nCtrl-C ends the watch and writes the verdict.\n`)
      const startedAt = new Date()
      const write = ndjsonSink(samples)
      let latest: Sample | undefined
      let metrics: MetricsServer | undefined
      let result: WatchResult
      try {
        if (values.metrics !== undefined) {
          metrics = await serveMetrics(() => formatPrometheus([...sampleFamilies(latest, { labels: { target: target.shown } }), verdictFamily(state.running.status, target.shown)]), { port: values.metrics })
          io.stdout.write(`metrics: ${metrics.url}\n`)
        }
        result = await watchProcess({
          target: pid !== undefined ? { pid } : { command: rest },
          intervalMs: interval,
          ...(duration === undefined ? {} : { durationMs: duration * 1000 }),
          ...(io.signal ? { signal: io.signal } : {}),
          ...(log ? { output: log } : {}),
          onSample: (sample) => {
            latest = sample
            write(sample)
            view.update(state, state.push(sample))
          },
        })
      } finally {
        await Promise.all([close(samples), close(log), metrics?.close()])
      }
      view.finish(state)
      const outcome = conclude(state, result, target.shown)
      const report = watchRunReport({
        ...outcome,
        target,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        ...(duration === undefined ? {} : { plannedMs: duration * 1000 }),
        intervalMs: interval,
        interrupted: result.ending === 'interrupted',
        samplesFile,
        ...(logFile ? { logFile } : {}),
      })
      const scenario = report.scenarios[0] as (typeof report.scenarios)[number]
      if (outcome.note) io.stderr.write(`leakwatch: ${outcome.note}\n`)
      if (!asked.names.has('console')) {
        io.stdout.write(scenario.verdict ? formatVerdict(scenario.verdict, { durationMs: scenario.durationMs }) : `ERROR: ${scenario.error ?? 'no verdict'}\n`)
      }
      io.stdout.write('\n')
      const reporters = asked.create(outDir)
      for (const reporter of reporters) reporter.onScenarioEnd?.(scenario)
      for (const reporter of reporters) await reporter.onRunEnd?.(report)
      const written = asked.written(outDir)
      if (written) io.stdout.write(`${written}\n`)
      if (result.ending === 'interrupted') return EXIT.interrupted
      return scenario.status === 'fail' || scenario.status === 'error' ? EXIT.failed : EXIT.ok
    } finally {
      lock.release()
    }
  },
})

const VERDICT_VALUE = { pass: 0, warn: 1, fail: 2, error: 2, skip: 0 } as const

/** `leakwatch_watch_verdict{target}`: 0 pass, 1 warn, 2 fail; no value while the verdict is still being collected. */
function verdictFamily(status: 'collecting' | keyof typeof VERDICT_VALUE, target: string): MetricFamily {
  return {
    name: 'leakwatch_watch_verdict',
    help: 'The running verdict of leakwatch watch: 0 pass, 1 warn, 2 fail (no value while collecting).',
    type: 'gauge',
    values: status === 'collecting' ? [] : [{ labels: { target }, value: VERDICT_VALUE[status] }],
  }
}

/** A command that a shell would find: a path to an executable file, or one on PATH. */
function onPath(command: string): boolean {
  const runnable = (file: string) => {
    try {
      accessSync(file, constants.X_OK)
      return statSync(file).isFile()
    } catch {
      return false
    }
  }
  if (command.includes('/')) return runnable(command)
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && runnable(join(dir, command)))
}

const failures = new WeakMap<WriteStream, Error>()

/**
 * A file written as the watch goes, opened at once: a file that cannot be created is one line
 * and exit 2 before anything is started. A write that fails later (a full disk) is kept for
 * `close` to report, not thrown mid-watch.
 */
function openStream(file: string): WriteStream {
  let fd: number
  try {
    mkdirSync(dirname(file), { recursive: true })
    fd = openSync(file, 'w')
  } catch (err) {
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err })
  }
  const stream = createWriteStream(file, { fd })
  stream.on('error', (err) => failures.set(stream, err))
  return stream
}

/** Ends a stream once what was written is on disk; a failed write is one line naming the file. */
function close(stream: WriteStream | undefined): Promise<void> {
  if (!stream) return Promise.resolve()
  const failed = (err: Error) => new UsageError(`cannot write ${String(stream.path)}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { cause: err })
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      const err = failures.get(stream)
      return err ? reject(failed(err)) : resolve()
    }
    stream.once('error', (err) => reject(failed(err)))
    stream.end(() => {
      const err = failures.get(stream)
      if (err) reject(failed(err))
      else resolve()
    })
  })
}
