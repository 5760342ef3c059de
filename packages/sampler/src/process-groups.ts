import { readdirSync, readFileSync } from 'node:fs'

// Every process leakwatch starts leads a process group of its own (spawned `detached`), so
// that it and everything it starts (grandchildren included) can be ended with one signal to
// the group. The groups still running are kept here, so that however leakwatch ends (a second
// Ctrl-C, SIGTERM, SIGHUP, an exception) a synchronous handler can end them all.
const live = new Set<number>()

/** Remembers a process group leakwatch started (its leader's pid), until `untrackGroup`. */
export function trackGroup(pgid: number): void {
  live.add(pgid)
}

export function untrackGroup(pgid: number): void {
  live.delete(pgid)
}

/** The groups started and not yet ended, for a test or a handler to inspect. */
export function trackedGroups(): readonly number[] {
  return [...live]
}

/** Sends a signal to every process of a group. False when the group is gone already. */
export function killGroup(pgid: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw err
  }
}

/**
 * Ends every tracked group at once, synchronously: safe to call from a signal or 'exit'
 * handler, where nothing asynchronous runs any more.
 */
export function killTrackedGroups(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pgid of live) {
    try {
      killGroup(pgid, signal)
    } catch {
      // not ours to end (EPERM): nothing more can be done from here
    }
    live.delete(pgid)
  }
}

/** A process found in a group: its pid and command name (`/proc/<pid>/comm`). */
export interface GroupMember {
  pid: number
  name: string
}

/**
 * The live processes of a group, from /proc (Linux; elsewhere an empty list). Zombies (exited,
 * waiting for their parent to reap them) are left out: they hold nothing and run nothing.
 */
export function groupMembers(pgid: number, procRoot = '/proc'): GroupMember[] {
  let entries: string[]
  try {
    entries = readdirSync(procRoot)
  } catch {
    return []
  }
  const members: GroupMember[] = []
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`${procRoot}/${entry}/stat`, 'latin1')
      const close = stat.lastIndexOf(')')
      // after ') ': state, ppid, pgrp, …
      const [state, , pgrp] = stat.slice(close + 2).split(' ')
      if (Number(pgrp) !== pgid || state === 'Z' || state === 'X') continue
      members.push({ pid: Number(entry), name: stat.slice(stat.indexOf('(') + 1, close) })
    } catch {
      // gone while we looked
    }
  }
  return members
}
