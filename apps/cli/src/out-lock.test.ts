import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { LOCK_FILE, lockOutDir } from './out-lock.js'

const { dir } = tempFolder('leakwatch-lock-')
let folders = 0

function outDir(lock?: string): string {
  const out = join(dir, `out-${++folders}`)
  mkdirSync(out)
  if (lock !== undefined) writeFileSync(join(out, LOCK_FILE), lock)
  return out
}

/** A pid that no process has any more: one that has exited and been reaped. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number

const ownStart = () => {
  const stat = readFileSync('/proc/self/stat', 'latin1')
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
}

describe('lockOutDir()', () => {
  it('holds the pid while the run writes, and removes the lock on release', () => {
    const out = outDir()
    const lock = lockOutDir(out)
    expect(readFileSync(lock.file, 'utf8')).toMatch(new RegExp(`^${process.pid} \\S+\\n$`))
    lock.release()
    expect(existsSync(lock.file)).toBe(false)
    lock.release() // twice is harmless
  })

  it('refuses a folder another live run holds, naming its pid and the folder as given', () => {
    const out = outDir()
    const lock = lockOutDir(out)
    try {
      expect(() => lockOutDir(out, 'results')).toThrow(`another leakwatch run (pid ${process.pid}) is writing to results`)
    } finally {
      lock.release()
    }
  })

  it.each<[string, (file: string) => void]>([
    ['its process is gone', (file: string) => writeFileSync(file, `${deadPid()} 123\n`)],
    // the start time is read from /proc: elsewhere a live pid is taken at its word
    ...(process.platform === 'linux' ? [['its pid now belongs to another process (another start time)', (file: string) => writeFileSync(file, `${process.pid} 1\n`)] as [string, (file: string) => void]] : []),
    ['it is empty and old, left by a run killed while it wrote it', (file: string) => {
      writeFileSync(file, '')
      const old = new Date(Date.now() - 60_000)
      utimesSync(file, old, old)
    }],
  ])('takes over a stale lock: %s', (_why, leave) => {
    const out = outDir()
    leave(join(out, LOCK_FILE))
    const lock = lockOutDir(out)
    expect(readFileSync(lock.file, 'utf8')).toMatch(new RegExp(`^${process.pid} `))
    lock.release()
    expect(existsSync(lock.file)).toBe(false)
  })

  it('refuses a lock just created and not yet written: its run is starting', () => {
    const out = outDir('')
    expect(() => lockOutDir(out, 'o')).toThrow('another leakwatch run is writing to o')
  })

  it.runIf(process.platform === 'linux')('tells a live run by its pid and start time', () => {
    const out = outDir(`${process.pid} ${ownStart()}\n`)
    expect(() => lockOutDir(out, 'o')).toThrow(`another leakwatch run (pid ${process.pid}) is writing to o`)
  })

  it('leaves alone a lock that is no longer its own', () => {
    const out = outDir()
    const lock = lockOutDir(out)
    writeFileSync(lock.file, '999999 1\n') // taken over by another run meanwhile
    lock.release()
    expect(readFileSync(lock.file, 'utf8')).toBe('999999 1\n')
  })
})
