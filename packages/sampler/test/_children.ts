import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'

/** Starts `node -e script` with an IPC channel; the script talks with `process.send`. */
export function startChild(script: string): ChildProcess {
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
}

/** Sends a message (if any) and waits for the child's next message. */
export async function ask(child: ChildProcess, message?: string): Promise<unknown> {
  const reply = once(child, 'message')
  if (message !== undefined) child.send(message)
  return (await reply)[0]
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  await exited
}

export const MB = 1024 * 1024
