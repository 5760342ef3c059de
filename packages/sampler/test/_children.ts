import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { stopProcess } from '../src/stop-process.js'

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

/** Kills a test's child at once and waits for it to go. */
export const stopChild = (child: ChildProcess) => stopProcess(child, { graceMs: 0 })

export const MB = 1024 * 1024
