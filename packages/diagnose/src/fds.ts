import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import type { Finding } from '@leakwatch/contracts'
import { grewWithCycles, perCycleOf, perCycleText } from './_growth.js'
import { fdCoarseGroup, fdGroup } from './fds-pattern.js'
import { describeSocket, parseInetTable, parseUnixTable, type SocketInfo } from './fds-sockets.js'

/** An open file descriptor and what it points at. */
export interface FdTarget {
  fd: number
  /**
   * A path (`/tmp/state-1.json.tmp`, `/dev/video0`, with ` (deleted)` when unlinked), a
   * socket resolved to its addresses (`tcp 127.0.0.1:43512 → 127.0.0.1:8080`,
   * `tcp listen 0.0.0.0:8080`, `udp 0.0.0.0:5353`, `unix /run/x.sock`, `unix` for an unbound
   * end; `socket:[inode]` when the kernel's tables do not list it), `pipe:[inode]`, or an
   * anonymous inode (`anon_inode:[eventfd]`).
   */
  target: string
  /** The socket's or pipe's inode, which tells a new one from an old one on a reused fd number. */
  inode?: number
}

const INODE_LINK = /^(socket|pipe):\[(\d+)\]$/

/**
 * What each open fd of a process points at, from /proc/<pid>/fd, with sockets resolved
 * through /proc/<pid>/net/{tcp,tcp6,udp,udp6,unix} by inode. An fd that closes while it is
 * read is left out (the listing opens one itself). Undefined where there is no /proc (not
 * Linux) or the process is gone or not ours to read.
 *
 * @example
 * const before = readFdTargets()
 * // … the measured cycles …
 * const findings = fdGrowth(before ?? [], readFdTargets() ?? [], 600)
 */
export function readFdTargets(pid: number = process.pid, procRoot = '/proc'): FdTarget[] | undefined {
  const dir = `${procRoot}/${pid}`
  let names: string[]
  try {
    names = readdirSync(`${dir}/fd`)
  } catch {
    return undefined
  }
  const targets: FdTarget[] = []
  for (const name of names) {
    try {
      targets.push({ fd: Number(name), target: readlinkSync(`${dir}/fd/${name}`) })
    } catch {
      // closed since the listing
    }
  }
  const sockets = targets.some((t) => t.target.startsWith('socket:')) ? readSocketTables(dir) : new Map<number, SocketInfo>()
  for (const entry of targets) {
    const inode = INODE_LINK.exec(entry.target)
    if (!inode) continue
    entry.inode = Number(inode[2])
    const socket = inode[1] === 'socket' ? sockets.get(entry.inode) : undefined
    if (socket) entry.target = describeSocket(socket)
  }
  return targets.sort((a, b) => a.fd - b.fd)
}

function readSocketTables(dir: string): Map<number, SocketInfo> {
  const sockets = new Map<number, SocketInfo>()
  const tables: [string, (text: string) => Map<number, SocketInfo>][] = [
    ['tcp', (text) => parseInetTable(text, 'tcp')],
    ['tcp6', (text) => parseInetTable(text, 'tcp')],
    ['udp', (text) => parseInetTable(text, 'udp')],
    ['udp6', (text) => parseInetTable(text, 'udp')],
    ['unix', parseUnixTable],
  ]
  for (const [name, parse] of tables) {
    let text: string
    try {
      text = readFileSync(`${dir}/net/${name}`, 'latin1')
    } catch {
      continue // IPv6 off, or no such table in this kernel
    }
    for (const [inode, info] of parse(text)) sockets.set(inode, info)
  }
  return sockets
}

/**
 * At least 3 more fds in a group, and at least one per 50 cycles (see `grewWithCycles`): a log
 * that leaks one fd per 40 events is found, a pool of ten keep-alive sockets over 600 cycles is not.
 */
const FD_FLOOR = 3
const FD_EVERY = 50

/**
 * The fd groups that grew between two readings of one process, largest first:
 * `+600 fds → /tmp/state-*.json.tmp (1.0 per cycle)`. A group's growth is its count after
 * less its count before, so connections that are replaced as fast as they close are not a
 * leak. Groups are fine first (see `fdGroup`); the fds of groups too small to report are
 * grouped again coarsely (`/tmp/q/*`), so that 600 files with random names still show.
 * A group is reported when it grew by at least 3 and by at least one per 20 cycles.
 */
export function fdGrowth(before: readonly FdTarget[], after: readonly FdTarget[], cycles: number): Finding[] {
  const fine = countGrowth(before, after, (t) => fdGroup(t.target))
  const reported = [...fine].filter(([, count]) => grewWithCycles(count, cycles, FD_FLOOR, FD_EVERY))
  const done = new Set(reported.map(([group]) => group))
  const rest = (list: readonly FdTarget[]) => list.filter((t) => !done.has(fdGroup(t.target)))
  const coarse = countGrowth(rest(before), rest(after), (t) => fdCoarseGroup(t.target))
  reported.push(...[...coarse].filter(([group, count]) => !done.has(group) && grewWithCycles(count, cycles, FD_FLOOR, FD_EVERY)))
  return reported
    .sort((a, b) => b[1] - a[1])
    .map(([group, count]): Finding => {
      const perCycle = perCycleOf(count, cycles)
      return { kind: 'fd', what: group, summary: `+${count} fds → ${group} (${perCycleText(perCycle)} per cycle)`, count, perCycle }
    })
}

function countGrowth(before: readonly FdTarget[], after: readonly FdTarget[], group: (t: FdTarget) => string): Map<string, number> {
  const growth = new Map<string, number>()
  for (const t of after) growth.set(group(t), (growth.get(group(t)) ?? 0) + 1)
  for (const t of before) growth.set(group(t), (growth.get(group(t)) ?? 0) - 1)
  return growth
}
