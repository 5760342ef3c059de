import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { groupMembers, killGroup, killTrackedGroups, trackedGroups, trackGroup } from '../src/index.js'

/** A process leading its own group that starts a grandchild (`sleep`) in the same group. */
async function family() {
  const parent = spawn(process.execPath, ['-e', "require('child_process').spawn('sleep', ['30'], { stdio: 'ignore' }); process.send('ready'); setInterval(() => {}, 1000)"], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  })
  await once(parent, 'message')
  return parent
}

describe('process groups', () => {
  it('lists a group with its grandchildren, and ends them all with one signal', async () => {
    const parent = await family()
    const pgid = parent.pid as number
    const members = groupMembers(pgid)
    expect(members.map((m) => m.name).sort()).toEqual(['node', 'sleep'])
    const exited = once(parent, 'exit')
    expect(killGroup(pgid)).toBe(true)
    await exited
    for (let i = 0; i < 50 && groupMembers(pgid).length > 0; i++) await sleep(20)
    expect(groupMembers(pgid)).toEqual([])
  })

  it('ends every tracked group at once, synchronously', async () => {
    const parent = await family()
    const pgid = parent.pid as number
    trackGroup(pgid)
    const exited = once(parent, 'exit')
    killTrackedGroups()
    expect(trackedGroups()).toEqual([])
    await exited
    for (let i = 0; i < 50 && groupMembers(pgid).length > 0; i++) await sleep(20)
    expect(groupMembers(pgid)).toEqual([])
  })
})
