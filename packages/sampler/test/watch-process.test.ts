import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { PassThrough } from 'node:stream'
import type { Sample } from '@leakwatch/contracts'
import { describe, expect, it } from 'vitest'
import { groupMembers, stopProcess, trackedGroups, watchProcess } from '../src/index.js'

const node = (script: string) => [process.execPath, '-e', script]

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('watchProcess()', () => {
  it('samples a command it starts until it exits, and says how it ended', async () => {
    const samples: Sample[] = []
    const output = new PassThrough()
    let printed = ''
    output.on('data', (d: Buffer) => {
      printed += d.toString()
    })
    const result = await watchProcess({
      target: { command: node("console.log('hello'); setTimeout(() => process.exit(3), 400)") },
      intervalMs: 50,
      output,
      onSample: (s) => samples.push(s),
    })
    expect(result).toMatchObject({ ending: 'exited', exit: { code: 3, signal: null } })
    expect(samples.length).toBeGreaterThanOrEqual(3)
    expect(samples.every((s) => s.rss > 0 && typeof s.t === 'number')).toBe(true)
    expect(printed).toBe('hello\n')
  })

  it('stops a started command when the duration is up, and leaves it not running', async () => {
    const result = await watchProcess({ target: { command: node('setInterval(() => {}, 1000)') }, intervalMs: 50, durationMs: 300, onSample: () => {} })
    expect(result).toMatchObject({ ending: 'duration', exit: { code: null, signal: 'SIGTERM' } })
    expect(alive(result.pid)).toBe(false)
  })

  it('stops on an aborted signal and keeps every sample taken', async () => {
    const controller = new AbortController()
    const samples: Sample[] = []
    const result = await watchProcess({
      target: { command: node('setInterval(() => {}, 1000)') },
      intervalMs: 20,
      signal: controller.signal,
      onSample: (s) => {
        samples.push(s)
        if (samples.length === 5) controller.abort()
      },
    })
    expect(result.ending).toBe('interrupted')
    expect(samples.length).toBeGreaterThanOrEqual(5)
    expect(alive(result.pid)).toBe(false)
  })

  it('attaches to a running pid and leaves it running', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    await once(child, 'spawn')
    try {
      const result = await watchProcess({ target: { pid: child.pid as number }, intervalMs: 20, durationMs: 150, onSample: () => {} })
      expect(result).toEqual({ ending: 'duration', pid: child.pid })
      expect(alive(child.pid as number)).toBe(true)
    } finally {
      await stopProcess(child, { graceMs: 0 })
    }
  })

  it.each([
    [{ command: ['no-such-command-here'] }, { code: 'LEAKWATCH_CANNOT_START', message: "cannot start 'no-such-command-here': command not found" }],
    [{ pid: 4_194_311 }, { code: 'LEAKWATCH_NO_SUCH_PID' }],
  ])('rejects %j with one clear line', async (target, error) => {
    await expect(watchProcess({ target, onSample: () => {} })).rejects.toMatchObject(error)
  })
})

/** A shell that starts a grandchild `sleep` in its group, then waits on a second one. */
const FAMILY = ['sh', '-c', 'sleep 300 & sleep 300']

/**
 * Aborts at the first sample after the command's group has `count` live members (the shell
 * and its sleeps), recording who they were and the groups tracked then.
 */
function abortWhenGroupHas(count: number) {
  const controller = new AbortController()
  const seen = { members: [] as string[], tracked: [] as number[] }
  const onSample = () => {
    if (controller.signal.aborted) return
    const pgid = trackedGroups().at(-1) as number
    const members = groupMembers(pgid).map((m) => m.name)
    if (members.length < count) return
    Object.assign(seen, { members: members.sort(), tracked: trackedGroups() })
    controller.abort()
  }
  return { signal: controller.signal, onSample, seen }
}

describe.runIf(process.platform === 'linux')('watchProcess(): a command in a process group of its own', () => {
  it('leads its own group, tracked while it runs, and ends it with grandchildren on abort', async () => {
    const { signal, onSample, seen } = abortWhenGroupHas(3)
    const result = await watchProcess({ target: { command: FAMILY }, intervalMs: 20, signal, onSample })
    expect(result.ending).toBe('interrupted')
    expect(seen).toEqual({ members: ['sh', 'sleep', 'sleep'], tracked: expect.arrayContaining([result.pid]) }) // its pid leads the group
    expect(groupMembers(result.pid)).toEqual([])
    expect(trackedGroups()).not.toContain(result.pid)
  })

  it('ends what the command left running in its group when it exits by itself', async () => {
    const result = await watchProcess({ target: { command: ['sh', '-c', 'sleep 300 & sleep 0.3'] }, intervalMs: 50, onSample: () => {} })
    expect(result).toMatchObject({ ending: 'exited', exit: { code: 0, signal: null } })
    expect(groupMembers(result.pid)).toEqual([])
    expect(trackedGroups()).not.toContain(result.pid)
  })

  it('SIGKILLs the group after the grace when its members ignore SIGTERM', async () => {
    // an ignored signal stays ignored across exec: the shell and its sleeps all ignore SIGTERM
    const { signal, onSample } = abortWhenGroupHas(3) // the trap is set before the sleeps start
    const result = await watchProcess({ target: { command: ['sh', '-c', "trap '' TERM; sleep 300 & sleep 300"] }, intervalMs: 20, graceMs: 200, signal, onSample })
    expect(result).toMatchObject({ ending: 'interrupted', exit: { code: null, signal: 'SIGKILL' } })
    expect(groupMembers(result.pid)).toEqual([])
  })

  it('ends the group when the duration is up', async () => {
    const result = await watchProcess({ target: { command: FAMILY }, intervalMs: 50, durationMs: 300, onSample: () => {} })
    expect(result).toMatchObject({ ending: 'duration', exit: { code: null, signal: 'SIGTERM' } })
    expect(groupMembers(result.pid)).toEqual([])
  })
})

describe('stopProcess()', () => {
  it('ends a child that ignores SIGTERM with SIGKILL after the grace', async () => {
    const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); process.send('ready'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
    await once(child, 'message')
    await stopProcess(child, { graceMs: 200 })
    expect(child.signalCode).toBe('SIGKILL')
  })

  it('lets a child that handles SIGTERM exit by itself', async () => {
    const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => process.exit(0)); process.send('ready'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
    await once(child, 'message')
    await stopProcess(child)
    expect([child.exitCode, child.signalCode]).toEqual([0, null])
  })

  it('returns at once for a child that has already exited', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    await once(child, 'exit')
    await stopProcess(child)
    expect(child.exitCode).toBe(0)
  })
})
