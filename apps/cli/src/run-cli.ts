import { main } from './main.js'

/** Runs leakwatch as a program: real stdout/stderr, Ctrl-C and SIGTERM stop it cleanly. */
export async function runCli(argv: string[]): Promise<void> {
  const controller = new AbortController()
  const stop = () => controller.abort()
  // once: a second Ctrl-C gets Node's default and ends the process at once
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  // a reader that goes away (`| head`) is not an error worth a stack trace
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw err
  })
  try {
    process.exitCode = await main(argv, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal })
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}
