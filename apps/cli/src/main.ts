import { GRADE_HELP, gradeCommand } from './commands/grade.js'
import { LIST_HELP, listCommand } from './commands/list.js'
import { RUN_HELP, runCommand } from './commands/run.js'
import { SAMPLE_HELP, sampleCommand } from './commands/sample.js'
import { EXIT, isUserError, UsageError } from './errors.js'
import type { Io } from './io.js'
import { VERSION } from './version.js'

const HELP = `leakwatch ${VERSION}: proves a long-running Node program does not leak memory, threads or handles

Usage: leakwatch <command> [options]

Commands:
  run       run leak scenarios (default: the quick suite), grade them, report the verdicts
  list      list the built-in suites and scenarios
  sample    print samples (memory, CPU, threads, open fds) of a process or a command
  grade     grade a recorded series of samples and print the verdict

Run 'leakwatch <command> --help' for a command's options.
`

type Command = { run: (args: string[], io: Io) => Promise<number>; help: string }

const COMMANDS: Record<string, Command> = {
  run: { run: runCommand, help: RUN_HELP },
  list: { run: listCommand, help: LIST_HELP },
  sample: { run: sampleCommand, help: SAMPLE_HELP },
  grade: { run: gradeCommand, help: GRADE_HELP },
}

/**
 * Runs one leakwatch command and returns its exit code: 0 ok, 1 failed, 2 bad usage,
 * 130 interrupted. Mistakes of the caller print one line; only a bug prints a stack.
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP)
    return EXIT.ok
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`)
    return EXIT.ok
  }
  try {
    const command = COMMANDS[name]
    if (!command) throw new UsageError(`unknown command '${name}'; run 'leakwatch --help' for the list`)
    const dashes = args.indexOf('--')
    const own = dashes < 0 ? args : args.slice(0, dashes) // what follows `--` belongs to a command
    if (own.includes('--help') || own.includes('-h')) {
      io.stdout.write(command.help)
      return EXIT.ok
    }
    return await command.run(args, io)
  } catch (err) {
    if (isUserError(err)) {
      io.stderr.write(`leakwatch: ${err.message}\n`)
      return EXIT.usage
    }
    io.stderr.write(`leakwatch: unexpected error (a bug; please report it)\n${(err as Error)?.stack ?? String(err)}\n`)
    return EXIT.failed
  }
}
