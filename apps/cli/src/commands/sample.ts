import { SampleTable } from '@leakwatch/reporters'
import { ndjsonSink, watchProcess } from '@leakwatch/sampler'
import { defineCommand, timerMs, timerSeconds } from '../command.js'
import { EXIT, UsageError } from '../errors.js'

export const sample = defineCommand({
  name: 'sample',
  summary: 'print samples (memory, CPU, threads, open fds) of a process or a command',
  usage: ['leakwatch sample [options] --pid <pid>', 'leakwatch sample [options] -- <command> [args...]'],
  description: `Prints samples of a running process, or of a command that leakwatch starts and samples
until it exits. Columns: time, RSS, RSS growth since the first sample, CPU %, OS threads,
open file descriptors ('–' where the platform cannot measure it).`,
  options: {
    pid: { value: '<pid>', number: { min: 1, integer: true }, description: 'process to sample (left running when sampling ends)' },
    interval: { value: '<ms>', number: timerMs, description: 'milliseconds between samples (default 1000)' },
    duration: { value: '<s>', number: timerSeconds, description: 'stop after this many seconds (a started command is then ended)' },
    format: { value: '<name>', choices: ['table', 'ndjson'], description: 'table (default) or ndjson, one Sample per line' },
  },
  footer: `A started command runs in a process group of its own, and whatever ends the sampling
(its exit, --duration, Ctrl-C, SIGTERM, SIGHUP, leakwatch being killed) ends the whole group,
its children included: SIGTERM, then SIGKILL 5 s later (at once on a second Ctrl-C).
A started command's output goes to stderr, so stdout holds only samples. To judge a
recording: leakwatch sample --format ndjson --duration 300 -- node app.js > s.ndjson, then
leakwatch grade s.ndjson (start-up is left out; a leak is growth that goes on to the end).
Exit codes: 0 done, 1 the started command failed, 2 bad usage or no such pid, 130 interrupted.`,

  async run({ values: { pid, interval, duration, format }, rest }, io) {
    if (pid === undefined && rest.length === 0) throw new UsageError("give --pid <pid> or a command after --, e.g. 'leakwatch sample -- node app.js'")
    if (pid !== undefined && rest.length > 0) throw new UsageError('give either --pid or a command, not both')
    const table = format === 'ndjson' ? undefined : new SampleTable()
    let rows = 0 // the header comes with the first row: a pid or command that fails prints nothing
    const result = await watchProcess({
      target: pid !== undefined ? { pid } : { command: rest },
      intervalMs: interval ?? 1000,
      ...(duration === undefined ? {} : { durationMs: duration * 1000 }),
      ...(io.signal ? { signal: io.signal } : {}),
      output: io.stderr,
      onSample: table ? (s) => io.stdout.write(`${rows++ === 0 ? table.header() : ''}${table.row(s)}`) : ndjsonSink(io.stdout),
    })
    if (table) io.stdout.write(table.summary())
    if (result.ending === 'interrupted') return EXIT.interrupted
    if (result.ending === 'duration' || !result.exit || result.exit.code === 0) return EXIT.ok
    const { code, signal } = result.exit
    io.stderr.write(`leakwatch: the command exited with ${code === null ? `signal ${signal}` : `code ${code}`}\n`)
    return EXIT.failed
  },
})
