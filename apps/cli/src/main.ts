// First: registers the built-in suites, which `run`'s help and `list` name
import '@leakwatch/suites'
import { escapeControl } from '@leakwatch/reporters'
import { type Command, parseCommand, renderHelp } from './command.js'
import { config } from './commands/config.js'
import { grade } from './commands/grade.js'
import { init } from './commands/init.js'
import { list } from './commands/list.js'
import { report } from './commands/report.js'
import { run } from './commands/run.js'
import { sample } from './commands/sample.js'
import { watch } from './commands/watch.js'
import { EXIT, isUserError, UsageError } from './errors.js'
import type { Io } from './io.js'
import { VERSION } from './version.js'

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [run, report, list, sample, watch, grade, config, init]

const HELP = `leakwatch ${VERSION}: proves a long-running Node program does not leak memory, threads or handles

Usage: leakwatch <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Run 'leakwatch <command> --help' (or 'leakwatch help <command>') for a command's options.
`

/**
 * Runs one leakwatch command and returns its exit code: 0 ok, 1 failed, 2 bad usage,
 * 130 interrupted. Mistakes of the caller print one line; only a bug prints a stack.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv
  try {
    if (name === undefined || name === '--help' || name === '-h') return write(io, HELP)
    if (name === '--version' || name === '-v') return write(io, `${VERSION}\n`)
    if (name === 'help') return write(io, args[0] === undefined ? HELP : renderHelp(find(args[0])))
    const command = find(name)
    const dashes = args.indexOf('--')
    const own = dashes < 0 ? args : args.slice(0, dashes) // what follows `--` belongs to a program
    if (own.includes('--help') || own.includes('-h')) return write(io, renderHelp(command))
    return await command.run(parseCommand(command, args), io)
  } catch (err) {
    if (isUserError(err)) {
      // the message may quote a scenario file (its name, what its top level threw): never raw control characters
      io.stderr.write(`leakwatch: ${escapeControl(err.message)}\n`)
      return EXIT.usage
    }
    io.stderr.write(`leakwatch: unexpected error (a bug; please report it)\n${(err as Error)?.stack ?? String(err)}\n`)
    return EXIT.failed
  }
}

function find(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) throw new UsageError(`unknown command '${name}'; run 'leakwatch --help' for the list`)
  return command
}

function write(io: Io, text: string): number {
  io.stdout.write(text)
  return EXIT.ok
}
