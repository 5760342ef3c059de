import { killTrackedGroups } from '@leakwatch/sampler'
import { EXIT } from './errors.js'
import { main } from './main.js'

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * Runs leakwatch as a program: real stdout and stderr, and every way it ends kills the
 * processes it started (`killTrackedGroups`). The first Ctrl-C, SIGTERM or SIGHUP stops the
 * command cleanly (what was measured is written; exit 130); a second one kills every tracked
 * process group and exits 130 at once. An exception that escapes leakwatch kills them too,
 * prints its stack (a bug) and exits 1.
 */
export async function runCli(argv: string[]): Promise<void> {
  const controller = new AbortController()
  let finished = false
  const onSignal = () => {
    if (!controller.signal.aborted && !finished) return controller.abort()
    killTrackedGroups()
    process.exit(EXIT.interrupted)
  }
  const onBug = (err: unknown) => {
    killTrackedGroups()
    process.stderr.write(`leakwatch: unexpected error (a bug; please report it)\n${(err as Error | undefined)?.stack ?? String(err)}\n`)
    process.exit(EXIT.failed)
  }
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal)
  // 'exit' handlers run synchronously, process.exit() included: the last chance to end the groups
  process.on('exit', () => killTrackedGroups())
  process.on('uncaughtException', onBug)
  process.on('unhandledRejection', onBug)
  // a reader that goes away (`| head`) is not an error worth a stack trace
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw err
  })
  process.exitCode = await main(argv, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal })
  finished = true
  // a command that returned has ended its processes; whatever is still tracked is a leftover
  killTrackedGroups()
}
