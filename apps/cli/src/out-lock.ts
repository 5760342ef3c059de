import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from './errors.js'

export const LOCK_FILE = '.leakwatch.lock'

/** A lock held on an --out folder; `release()` removes it (and is safe to call twice). */
export interface OutLock {
  file: string
  release(): void
}

/**
 * Takes `<dir>/.leakwatch.lock` (created exclusively, `wx`, holding `<pid> <start time>`), so
 * that two runs never write into one folder at once. A lock whose process is gone (killed, so
 * it never removed it) is taken over. The lock is removed on `release()`, and on the way out of
 * the process however it exits (best effort: an outright kill leaves it, and the next run
 * takes it over). `shown` is the folder as the user gave it, for the message.
 */
export function lockOutDir(dir: string, shown = dir): OutLock {
  const file = join(dir, LOCK_FILE)
  const mine = `${process.pid} ${startTime(process.pid) ?? '-'}\n`
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      try {
        writeSync(fd, mine)
      } finally {
        closeSync(fd)
      }
      break
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'EEXIST') throw new UsageError(`--out ${shown}: cannot create ${LOCK_FILE}: ${code ?? (err as Error).message}`, { cause: err })
      if (attempt >= 3) throw new UsageError(`--out ${shown}: another leakwatch run keeps taking ${LOCK_FILE}`, { cause: err })
    }
    const holder = readHolder(file)
    if (holder === 'gone') continue // released meanwhile
    if (holder.alive) {
      throw new UsageError(`another leakwatch run${holder.pid === undefined ? '' : ` (pid ${holder.pid})`} is writing to ${shown}`)
    }
    // stale: its process is gone. Checked again just before it goes, to narrow the race with another run taking it over too
    if (readFile(file) === holder.text) removeFile(file)
  }
  const release = () => {
    process.off('exit', release)
    if (readFile(file) === mine) removeFile(file)
  }
  process.on('exit', release)
  return { file, release }
}

type Holder = 'gone' | { alive: boolean; pid?: number; text: string }

function readHolder(file: string): Holder {
  const text = readFile(file)
  if (text === undefined) return 'gone'
  const [pidText, start] = text.trim().split(' ')
  const pid = Number(pidText)
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    // being written by a run that has just created it; left over from a crash once old
    return { alive: ageMs(file) < 10_000, text }
  }
  const now = startTime(pid)
  const samePid = start === undefined || start === '-' || now === undefined || now === start
  return { alive: isRunning(pid) && samePid, pid, text }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  return !/^[ZX]/.test(procStat(pid)?.state ?? '')
}

// The start time tells a reused pid from the run that took the lock (Linux; elsewhere, the pid alone)
function startTime(pid: number): string | undefined {
  return procStat(pid)?.start
}

function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state) of proc(5); field 22 (starttime) is fields[19]
    return fields[19] === undefined ? undefined : { state: fields[0] ?? '', start: fields[19] }
  } catch {
    return undefined
  }
}

function readFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

function removeFile(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // gone already, or the folder went: nothing left to release
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs
  } catch {
    return Number.POSITIVE_INFINITY
  }
}
