import { type ChildProcess, spawn } from 'node:child_process'

// Runs in a tiny process of its own with an IPC channel to leakwatch. The channel closes when
// leakwatch ends in any way, SIGKILL and the OOM killer included, and then the group dies too.
// On the normal path leakwatch kills the watchdog first, once the group has ended.
const WATCHDOG = `
const pgid = Number(process.argv[1])
process.on('message', () => {}) // keeps the channel, and so this process, alive
process.on('disconnect', () => {
  try { process.kill(-pgid, 'SIGKILL') } catch {}
  process.exit(0)
})
`

/**
 * Starts a watchdog that kills the process group `pgid` if leakwatch dies without ending it:
 * the group has no IPC channel of its own to notice. `release()` stands it down. It runs in a
 * session of its own (detached), so the terminal's Ctrl-C and SIGHUP do not reach it, and it
 * never keeps leakwatch's event loop alive.
 */
export function watchGroup(pgid: number): { watchdog: ChildProcess; release(): void } {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(pgid)], { detached: true, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
  // a watchdog that cannot start leaves the group to leakwatch's own handlers: not worth failing for
  watchdog.on('error', () => {})
  watchdog.unref()
  watchdog.channel?.unref()
  return {
    watchdog,
    release() {
      if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGKILL')
    },
  }
}
