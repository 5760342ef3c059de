import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'

/**
 * Stops a child process and resolves once it has exited: SIGTERM, then SIGKILL if it is still
 * there after `graceMs` (0: SIGKILL at once). A child that has already exited resolves at once.
 */
export async function stopProcess(child: ChildProcess, { graceMs = 5_000 }: { graceMs?: number } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL')
  const timer = graceMs > 0 ? setTimeout(() => child.kill('SIGKILL'), graceMs) : undefined
  await exited
  clearTimeout(timer)
}
