import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fdKind, parseProcStat, parseProcStatus, readFds, readProc } from './proc.js'

// A real line of /proc/<pid>/stat (from `cat /proc/self/stat`) with the command name swapped in.
const statLine = (comm: string, state = 'S', utime = 250, stime = 50, threads = 7) =>
  `4242 (${comm}) ${state} 1887 1887 1064 0 -1 4194304 99 0 0 0 ${utime} ${stime} 0 0 20 0 ${threads} 0 21535 3133440 382 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`

describe('parseProcStat()', () => {
  it.each([
    ['node', 'node'],
    ['a name with spaces', 'spaces'],
    ['tricky) (name', 'parentheses inside the name'],
  ])('reads CPU and threads past a command name like %j (%s)', (comm) => {
    // 250 + 50 ticks at USER_HZ 100 = 3 s of CPU
    expect(parseProcStat(statLine(comm))).toEqual({ state: 'S', cpuMs: 3000, threads: 7 })
  })

  it('converts ticks with the clock rate it is given', () => {
    expect(parseProcStat(statLine('x', 'R', 1000, 0), 1000).cpuMs).toBe(1000)
  })

  it('rejects text that is not a stat line', () => {
    expect(() => parseProcStat('garbage')).toThrow(/unreadable/)
    expect(() => parseProcStat('1 (x) S 1 2')).toThrow(/unreadable/)
  })
})

describe('parseProcStatus()', () => {
  it('reads VmRSS in kB as bytes, and Threads', () => {
    const text = 'Name:\tnode\nVmHWM:\t  9000 kB\nVmRSS:\t    2096 kB\nThreads:\t11\n'
    expect(parseProcStatus(text)).toEqual({ rss: 2096 * 1024, threads: 11 })
  })

  it('leaves out what a kernel thread does not have', () => {
    expect(parseProcStatus('Name:\tkthreadd\nThreads:\t1\n')).toEqual({ threads: 1 })
  })
})

describe('fdKind()', () => {
  it.each([
    // link targets as `ls -l /proc/<pid>/fd` shows them
    ['socket:[22628]', 'socket'],
    ['pipe:[22629]', 'pipe'],
    ['/var/log/app.log', 'file'],
    ['/tmp/frames.y4m (deleted)', 'file'],
    ['/dev/video0', 'file'],
    ['/dev/null', 'file'],
    ['anon_inode:[eventpoll]', 'other'],
    ['anon_inode:[eventfd]', 'other'],
    ['anon_inode:inotify', 'other'],
    ['net:[4026531840]', 'other'],
  ])('%s is a %s', (target, kind) => {
    expect(fdKind(target)).toBe(kind)
  })
})

describe('readProc() on a proc root of our own', () => {
  const root = mkdtempSync(join(tmpdir(), 'leakwatch-proc-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  function fakePid(pid: string, state: string, fds: number) {
    const dir = join(root, pid)
    mkdirSync(join(dir, 'fd'), { recursive: true })
    writeFileSync(join(dir, 'stat'), statLine('worker', state))
    writeFileSync(join(dir, 'status'), 'VmRSS:\t  1000 kB\nThreads:\t7\n')
    for (let fd = 0; fd < fds; fd++) writeFileSync(join(dir, 'fd', String(fd)), '')
    return dir
  }

  it('reads RSS, CPU, threads and fds', () => {
    fakePid('100', 'S', 5)
    expect(readProc(root, 100)).toEqual({ rss: 1000 * 1024, cpu: 3000, threads: 7, handles: 5 })
  })

  it('takes off the descriptor its own listing opens when reading self', () => {
    fakePid('self', 'R', 5)
    expect(readProc(root, 'self').handles).toBe(4)
  })

  it('tells the fds apart by kind when asked, and not otherwise', () => {
    const dir = fakePid('300', 'S', 0)
    const links = ['/dev/null', 'pipe:[1]', 'pipe:[2]', 'socket:[3]', '/tmp/a.log', 'anon_inode:[eventpoll]']
    links.forEach((target, fd) => symlinkSync(target, join(dir, 'fd', String(fd))))
    expect(readProc(root, 300, 100, true)).toMatchObject({ handles: 6, fdKinds: { file: 2, socket: 1, pipe: 2, other: 1 } })
    expect(readProc(root, 300)).not.toHaveProperty('fdKinds')
  })

  it('counts an fd it cannot read the link of, but gives it no kind (it closed while being read)', () => {
    const dir = fakePid('301', 'S', 1) // a plain file: readlink fails, as on an fd closed since the listing
    symlinkSync('socket:[9]', join(dir, 'fd', '7'))
    expect(readFds(dir, 301, false)).toEqual({ handles: 2, fdKinds: { file: 0, socket: 1, pipe: 0, other: 0 } })
  })

  it('leaves out the descriptor of its own listing when reading self: counted off, and closed by its readlink', () => {
    const dir = fakePid('self2', 'R', 1) // fd 0, a plain file: its readlink fails like the closed listing fd's
    symlinkSync('pipe:[5]', join(dir, 'fd', '1'))
    expect(readFds(dir, process.pid, true)).toEqual({ handles: 1, fdKinds: { file: 0, socket: 0, pipe: 1, other: 0 } })
  })

  it.each(['Z', 'X'])('treats a process in state %s as gone', (state) => {
    fakePid(`20${state === 'Z' ? 1 : 2}`, state, 0)
    expect(() => readProc(root, state === 'Z' ? 201 : 202)).toThrow(expect.objectContaining({ code: 'LEAKWATCH_NO_SUCH_PID' }))
  })

  it('says a pid with no folder does not exist', () => {
    expect(() => readProc(root, 999)).toThrow(expect.objectContaining({ code: 'LEAKWATCH_NO_SUCH_PID' }))
  })
})
