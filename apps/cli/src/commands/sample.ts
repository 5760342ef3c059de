import { choiceFlag, numberFlag, parseFlags } from '../args.js'
import { UsageError } from '../errors.js'
import type { Io } from '../io.js'
import { watchProcess } from '../watch-process.js'

export const SAMPLE_HELP = `Usage: leakwatch sample [options] --pid <pid>
       leakwatch sample [options] -- <command> [args...]

Prints samples of a running process, or of a command that leakwatch starts and samples
until it exits. Columns: time, RSS, RSS growth since the first sample, CPU %, OS threads,
open file descriptors ('–' where the platform cannot measure it).

Options:
  --pid <pid>         process to sample (left running when sampling ends)
  --interval <ms>     milliseconds between samples (default 1000)
  --duration <s>      stop after this many seconds (a started command is then sent SIGTERM)
  --format <name>     table (default) or ndjson, one Sample per line
  -h, --help          show this help

A started command's output goes to stderr, so stdout holds only samples. To judge a
recording: leakwatch sample --format ndjson --duration 300 -- node app.js > s.ndjson, then
leakwatch grade s.ndjson (start-up is left out; a leak is growth that goes on to the end).
Exit codes: 0 done, 1 the started command failed, 2 bad usage or no such pid, 130 interrupted.
`

/** `leakwatch sample`: parse flags, watch the process, print what it measures. */
export async function sampleCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals, rest } = parseFlags(args, {
    pid: { type: 'string' },
    interval: { type: 'string' },
    duration: { type: 'string' },
    format: { type: 'string' },
  }, true)
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'; put a command after --`)
  const pid = numberFlag('pid', values.pid, { min: 1, integer: true })
  if (pid === undefined && rest.length === 0) {
    throw new UsageError("give --pid <pid> or a command after --, e.g. 'leakwatch sample -- node app.js'")
  }
  if (pid !== undefined && rest.length > 0) throw new UsageError('give either --pid or a command, not both')
  return watchProcess(
    {
      target: pid !== undefined ? { pid } : { command: rest },
      intervalMs: numberFlag('interval', values.interval, { min: 1, integer: true }) ?? 1000,
      durationMs: mapDefined(numberFlag('duration', values.duration, { min: 0.001 }), (s) => s * 1000),
      format: choiceFlag('format', values.format, ['table', 'ndjson'] as const) ?? 'table',
    },
    io,
  )
}

function mapDefined<T, U>(value: T | undefined, f: (v: T) => U): U | undefined {
  return value === undefined ? undefined : f(value)
}
