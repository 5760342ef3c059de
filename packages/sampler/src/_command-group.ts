import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { watchGroup } from './_group-watchdog.js'
import { SamplerError } from './errors.js'
import { groupMembers, killGroup, trackGroup, untrackGroup } from './process-groups.js'

/** A command leakwatch started, leading a process group of its own. */
export interface CommandGroup {
  child: ChildProcess
  pid: number
  /**
   * Ends the whole group, the command's own children included, and resolves once the command
   * has exited: SIGTERM to the group, SIGKILL to the group if a member is left after `graceMs`
   * (0: SIGKILL at once). Members left after the command exited by itself are ended too.
   */
  end(graceMs: number): Promise<void>
}

/**
 * Starts a command in a process group of its own (`detached`: a session of its own, so the
 * terminal's Ctrl-C reaches leakwatch only, which decides). The group is tracked
 * (`trackGroup`) until it has ended, for leakwatch's signal and exit handlers, and watched by
 * a watchdog that ends it should leakwatch be killed outright.
 */
export async function startCommandGroup(command: readonly string[], output: NodeJS.WritableStream): Promise<CommandGroup> {
  const [file = '', ...args] = command
  const child = spawn(file, args, { detached: true, stdio: ['inherit', 'pipe', 'pipe'] })
  if (child.pid !== undefined) trackGroup(child.pid)
  child.stdout?.pipe(output, { end: false })
  child.stderr?.pipe(output, { end: false })
  try {
    await once(child, 'spawn')
  } catch (err) {
    if (child.pid !== undefined) untrackGroup(child.pid)
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'command not found' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new SamplerError('LEAKWATCH_CANNOT_START', `cannot start '${file}': ${why}`, { cause: err })
  }
  const pid = child.pid as number
  const watchdog = watchGroup(pid)
  let ending: Promise<void> | undefined
  return {
    child,
    pid,
    end: (graceMs) =>
      (ending ??= endGroup(child, pid, graceMs).finally(() => {
        untrackGroup(pid)
        watchdog.release()
      })),
  }
}

async function endGroup(leader: ChildProcess, pgid: number, graceMs: number): Promise<void> {
  const leaderExited = () => leader.exitCode !== null || leader.signalCode !== null
  const exit = leaderExited() ? Promise.resolve() : once(leader, 'exit')
  if (!leaderExited() || groupLives(pgid)) killGroup(pgid, graceMs > 0 ? 'SIGTERM' : 'SIGKILL')
  const deadline = Date.now() + graceMs
  while (!leaderExited() || groupLives(pgid)) {
    if (Date.now() >= deadline) {
      killGroup(pgid, 'SIGKILL')
      break
    }
    await sleep(25)
  }
  await exit
  await settleOutput(leader)
}

// Linux lists the group's live members (zombies left out: a container's init may never reap
// them); elsewhere the kernel says whether any process of the group is left
function groupLives(pgid: number): boolean {
  if (process.platform === 'linux') return groupMembers(pgid).length > 0
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

// The command's output is read to its end; a process that left the group (its own setsid)
// may still hold the pipes open, and must not keep leakwatch waiting for it
async function settleOutput(child: ChildProcess): Promise<void> {
  const streams = [child.stdout, child.stderr].filter((s): s is NonNullable<typeof s> => s !== null && !s.destroyed)
  if (streams.length === 0) return
  const closed = Promise.all(streams.map((s) => once(s, 'close')))
  const timeout = sleep(1_000, undefined, { ref: false })
  await Promise.race([closed, timeout])
  for (const stream of streams) stream.destroy()
}
