import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { noSuchPid, procReadError } from './errors.js'
import type { FdKinds } from '@leakwatch/contracts'

/**
 * The kernel reports CPU times in /proc in USER_HZ ticks, which is 100 on every
 * architecture Node runs on (it is part of the user-space ABI, unlike CONFIG_HZ).
 */
export const USER_HZ = 100

/** What /proc/<pid>/stat tells: process state, CPU time and thread count. */
export interface ProcStat {
  state: string
  /** user + system CPU time in milliseconds */
  cpuMs: number
  threads: number
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) sits in parentheses and may itself
 * hold spaces and parentheses, so the fields are counted from the last ')'.
 */
export function parseProcStat(text: string, ticksPerSecond = USER_HZ): ProcStat {
  const close = text.lastIndexOf(')')
  if (close < 0) throw new Error(`unreadable /proc stat line: ${JSON.stringify(text.slice(0, 80))}`)
  // fields[0] is field 3 (state) of proc(5); field n is fields[n - 3]
  const fields = text.slice(close + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  const threads = Number(fields[17])
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || !Number.isFinite(threads)) {
    throw new Error(`unreadable /proc stat line: ${JSON.stringify(text.slice(0, 80))}`)
  }
  return { state: fields[0] ?? '?', cpuMs: ((utime + stime) * 1000) / ticksPerSecond, threads }
}

/** What /proc/<pid>/status tells that stat does not give in bytes: the resident set size. */
export interface ProcStatus {
  /** absent for kernel threads, which have no address space */
  rss?: number
  threads?: number
}

/** Parses the `VmRSS` (kB) and `Threads` lines of /proc/<pid>/status. */
export function parseProcStatus(text: string): ProcStatus {
  const status: ProcStatus = {}
  const rss = /^VmRSS:\s+(\d+) kB$/m.exec(text)
  if (rss) status.rss = Number(rss[1]) * 1024
  const threads = /^Threads:\s+(\d+)$/m.exec(text)
  if (threads) status.threads = Number(threads[1])
  return status
}

/** Reads /proc/<pid>/<name>, mapping a missing or forbidden file to the sampler's errors. */
function readProcFile(dir: string, name: string, pid: number): string {
  const path = `${dir}/${name}`
  try {
    return readFileSync(path, 'latin1')
  } catch (err) {
    throw procReadError(err, pid, path)
  }
}

/** Counts open file descriptors in /proc/<pid>/fd. */
export function countFds(dir: string, pid: number, self: boolean): number {
  const path = `${dir}/fd`
  try {
    // Listing our own fd folder opens one more descriptor, which shows in the list.
    return readdirSync(path).length - (self ? 1 : 0)
  } catch (err) {
    throw procReadError(err, pid, path)
  }
}

/**
 * What an fd is, from its link in /proc/<pid>/fd: `socket:[…]`, `pipe:[…]`, a path (a file,
 * a folder or a device: a camera's /dev/video0 left open is as much a leaked file as a log
 * file is), or anything else (`anon_inode:[eventpoll]`, eventfd, timerfd, inotify: the
 * kernel objects an event loop holds, so a leaked worker's loop shows there).
 */
export function fdKind(target: string): keyof FdKinds {
  if (target.startsWith('socket:')) return 'socket'
  if (target.startsWith('pipe:')) return 'pipe'
  if (target.startsWith('/')) return 'file'
  return 'other'
}

/**
 * Counts the fds of /proc/<pid>/fd and what each one is. An fd that closes between the
 * listing and its readlink is counted but has no kind (the kinds then add up to less).
 * Reading self, the listing opens one descriptor of its own: it is in the list, so it is taken
 * off the count, and it is closed by the time of its readlink, so it gets no kind.
 */
export function readFds(dir: string, pid: number, self: boolean): { handles: number; fdKinds: FdKinds } {
  const path = `${dir}/fd`
  const fdKinds: FdKinds = { file: 0, socket: 0, pipe: 0, other: 0 }
  let names: string[]
  try {
    // one readdir, then a readlink each: iterating an open Dir instead costs twice as much
    names = readdirSync(path)
  } catch (err) {
    throw procReadError(err, pid, path)
  }
  for (const name of names) {
    let target: string
    try {
      target = readlinkSync(`${path}/${name}`)
    } catch {
      continue // closed since the listing (the listing's own fd, reading self): counted, no kind
    }
    fdKinds[fdKind(target)]++
  }
  return { handles: names.length - (self ? 1 : 0), fdKinds }
}

/** A process's RSS, CPU, threads and open fds, straight from /proc. */
export interface ProcReading {
  rss: number
  cpu: number
  threads: number
  handles: number
  /** Present when asked for (one readlink per fd). */
  fdKinds?: FdKinds
}

/**
 * Reads one pid (or `self`) under `procRoot`. A zombie counts as gone: it holds no memory
 * and will never run again. `withFdKinds` adds what each fd is (one readlink per fd).
 */
export function readProc(procRoot: string, pid: number | 'self', ticksPerSecond = USER_HZ, withFdKinds = false): ProcReading {
  const dir = `${procRoot}/${pid}`
  const numericPid = pid === 'self' ? process.pid : pid
  const stat = parseProcStat(readProcFile(dir, 'stat', numericPid), ticksPerSecond)
  if (stat.state === 'Z' || stat.state === 'X') throw noSuchPid(numericPid)
  const status = parseProcStatus(readProcFile(dir, 'status', numericPid))
  const reading = { rss: status.rss ?? 0, cpu: stat.cpuMs, threads: status.threads ?? stat.threads }
  if (!withFdKinds) return { ...reading, handles: countFds(dir, numericPid, pid === 'self') }
  return { ...reading, ...readFds(dir, numericPid, pid === 'self') }
}
