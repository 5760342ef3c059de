import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { SamplerError } from './errors.js'

/**
 * What a pid is: 'alive' (ours to read, or 'alive-not-ours': EPERM), 'zombie' (it has exited
 * and waits for its parent to reap it) or 'gone'. `process.kill(pid, 0)` alone cannot tell a
 * zombie from a live process, and a zombie holds no memory and never runs again.
 */
export type ProcessState = 'alive' | 'alive-not-ours' | 'zombie' | 'gone'

export function processState(pid: number, procRoot = '/proc'): ProcessState {
  let state: ProcessState = 'alive'
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return 'gone'
    state = 'alive-not-ours'
  }
  return isZombie(pid, procRoot) ? 'zombie' : state
}

/** The error for a pid that is a zombie: it has exited, though the OS still lists it. */
export function exitedPid(pid: number, cause?: unknown): SamplerError {
  return new SamplerError('LEAKWATCH_NO_SUCH_PID', `no process with pid ${pid} (it has exited)`, { cause })
}

// Only a positive answer counts: a state that cannot be read leaves kill(pid, 0)'s word standing
function isZombie(pid: number, procRoot: string): boolean {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`${procRoot}/${pid}/stat`, 'latin1')
      return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))
    }
    if (process.platform === 'win32') return false
    return execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().startsWith('Z')
  } catch {
    return false
  }
}
