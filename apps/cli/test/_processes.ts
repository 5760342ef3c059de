import { readdirSync, readFileSync } from 'node:fs'
import { groupMembers } from '@leakwatch/sampler'

/** A process as /proc tells it. */
export interface ProcessInfo {
  pid: number
  name: string
  pgid: number
}

/** The live children of `ppid` (zombies left out), from /proc (Linux). */
export function childrenOf(ppid: number): ProcessInfo[] {
  const found: ProcessInfo[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1')
      const close = stat.lastIndexOf(')')
      const [state, parent, pgrp] = stat.slice(close + 2).split(' ')
      if (Number(parent) !== ppid || state === 'Z' || state === 'X') continue
      found.push({ pid: Number(entry), name: stat.slice(stat.indexOf('(') + 1, close), pgid: Number(pgrp) })
    } catch {
      // gone while we looked
    }
  }
  return found
}

/** The names of a group's live members, sorted. */
export const memberNames = (pgid: number) => groupMembers(pgid).map((m) => m.name).sort()

/**
 * Waits until `condition` holds, checking every 20 ms. Fails, naming `what`, after `ms`: a
 * bound generous enough for a busy machine, never a measure of speed.
 */
export async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting ${ms} ms for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
