import { describe, expect, it } from 'vitest'
import { IN_PROCESS_CAVEAT, runInProcess } from './in-process.js'
import { describeResult } from './leak-result.js'

describe('runInProcess()', () => {
  it('fails a closure that keeps 50 KiB a cycle, naming the caveat', async () => {
    const kept: Buffer[] = []
    const result = await runInProcess(() => kept.push(Buffer.alloc(50 * 1024, 1)), { cycles: 150 })
    expect(result.verdict.status).toBe('fail')
    expect(result.verdict.reasons[0]).toMatch(/keeps rising/)
    expect(describeResult(result)).toContain(IN_PROCESS_CAVEAT)
  })

  it('passes the bounded twin', async () => {
    const kept: Buffer[] = []
    const result = await runInProcess(
      () => {
        kept.push(Buffer.alloc(50 * 1024, 1))
        if (kept.length > 8) kept.shift()
      },
      { cycles: 150 },
    )
    expect(result.verdict.status).toBe('pass')
  })

  // 60 intervals (10 warm-up cycles and 50 measured), of which the 50 since the baseline; give
  // or take one: the worker's own resources (vitest's) come and go too, the caveat of this mode
  it('counts the timers a scenario leaves after its teardown', async () => {
    const timers: NodeJS.Timeout[] = []
    try {
      const result = await runInProcess({ cycle: () => timers.push(setInterval(() => {}, 60_000)) }, { cycles: 40, warmup: 10 })
      expect(result.verdict.status).toBe('fail')
      expect(result.verdict.reasons).toContainEqual(expect.stringMatching(/Live libuv resources left after teardown: .*\+(49|50|51): Timeout \+(49|50|51)/))
    } finally {
      for (const timer of timers) clearInterval(timer)
    }
  })
})
