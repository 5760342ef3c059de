import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
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

/**
 * A shell whose background child exits once the shell has become `sleep` (exec), which never
 * waits for children: the child stays a zombie. It prints the child's pid. ($$ in the
 * subshell is the shell's pid.) Linux: it reads /proc.
 */
export const ZOMBIE = `(while [ "$(cat /proc/$$/comm)" != sleep ]; do sleep 0.01; done) & echo $!; exec sleep 30`

/**
 * A zombie: a process that has exited, whose parent (`sleep`) does not reap it. `kill(pid, 0)`
 * still finds it. `end()` kills the parent; init then reaps it.
 */
export async function startZombie(): Promise<{ pid: number; end: () => Promise<void> }> {
  const parent = spawn('sh', ['-c', ZOMBIE], { stdio: ['ignore', 'pipe', 'ignore'] })
  const [line] = (await once(parent.stdout as NodeJS.ReadableStream, 'data')) as [Buffer]
  const pid = Number(line.toString().trim())
  while (!/^\S+ \(.*\) Z/.test(readStat(pid))) await new Promise((r) => setTimeout(r, 10))
  return { pid, end: () => stopProcess(parent, { graceMs: 0 }) }
}

function readStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1')
  } catch {
    return ''
  }
}
