import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { watchGroup } from './_group-watchdog.js'
import { groupMembers, killGroup } from './process-groups.js'

async function group() {
  const leader = spawn('sh', ['-c', 'sleep 300 & sleep 300'], { detached: true, stdio: 'ignore' })
  await once(leader, 'spawn')
  const pgid = leader.pid as number
  while (groupMembers(pgid).length < 3) await sleep(10)
  return pgid
}

async function emptied(pgid: number): Promise<boolean> {
  for (let i = 0; i < 250 && groupMembers(pgid).length > 0; i++) await sleep(20)
  return groupMembers(pgid).length === 0
}

describe.runIf(process.platform === 'linux')('watchGroup()', () => {
  it('kills the group when its channel to leakwatch closes, as it does when leakwatch is killed', async () => {
    const pgid = await group()
    const { watchdog } = watchGroup(pgid)
    await once(watchdog, 'spawn')
    watchdog.disconnect() // what the kernel does to the channel when leakwatch dies
    await once(watchdog, 'exit')
    expect(await emptied(pgid)).toBe(true)
  })

  it('stands down on release and leaves the group alone', async () => {
    const pgid = await group()
    try {
      const { watchdog, release } = watchGroup(pgid)
      await once(watchdog, 'spawn')
      const exited = once(watchdog, 'exit')
      release()
      await exited
      expect(groupMembers(pgid).map((m) => m.name).sort()).toEqual(['sh', 'sleep', 'sleep'])
    } finally {
      killGroup(pgid)
    }
  })
})
