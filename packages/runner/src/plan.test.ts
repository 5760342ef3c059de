import { describe, expect, it } from 'vitest'
import { planScenario } from './plan.js'

const cycle = () => {}

describe('planScenario()', () => {
  it.each([
    // cycles, declared warm-up, scale → warm-up cycles, checkpoint every (about 50 checkpoints)
    [1000, undefined, 1, 100, 20],
    [10, undefined, 1, 3, 1],
    [2, undefined, 1, 2, 1],
    [5000, undefined, 1, 100, 100],
    [1000, undefined, 0.1, 10, 2],
    [200, undefined, 0.1, 3, 1],
    [1000, 20, 0.1, 2, 2],
    [1000, 1, 0.01, 1, 1],
    [1000, 0, 1, 0, 20],
    [2000, undefined, 1, 100, 40],
    [120, undefined, 1, 12, 2], // 2.4 rounds to 2: 60 checkpoints, never fewer than about 50
  ])('%d cycles, warm-up %s, scale %d: %d warm-up cycles, a checkpoint every %d', (cycles, warmup, scale, w, every) => {
    const plan = planScenario({ name: 'x', cycles, warmup, cycle }, scale)
    expect(plan).toMatchObject({ mode: 'cycles', cycles: Math.round(cycles * scale), warmup: { cycles: w }, checkpointEvery: every, scale })
  })

  it('scales durations and checkpoints, and warms up for a tenth of the run (at most 30 s)', () => {
    expect(planScenario({ name: 'x', durationMs: 300_000, checkpointMs: 60_000, cycle }, 0.1)).toMatchObject({
      mode: 'duration', durationMs: 30_000, checkpointMs: 6_000, warmup: { ms: 3_000 },
    })
    expect(planScenario({ name: 'x', durationMs: 3_600_000, cycle })).toMatchObject({ checkpointMs: 72_000, warmup: { ms: 30_000 } })
  })

  it("takes 50 checkpoints by default, and the scenario's own spacing when it has one", () => {
    expect(planScenario({ name: 'x', durationMs: 10_000, cycle })).toMatchObject({ checkpointMs: 200 })
    expect(planScenario({ name: 'x', cycles: 1000, checkpointEvery: 100, cycle })).toMatchObject({ checkpointEvery: 100 })
  })

  it('gives time limits: 10 minutes for cycles, twice the duration plus a minute, longer when stretched', () => {
    expect(planScenario({ name: 'x', cycles: 5, cycle }).timeoutMs).toBe(600_000)
    expect(planScenario({ name: 'x', durationMs: 1000, cycle }).timeoutMs).toBe(62_000)
    expect(planScenario({ name: 'x', cycles: 5, timeoutMs: 100, cycle }, 3).timeoutMs).toBe(300)
  })

  it.each([
    // 10 minutes × 4000 = 2.4e9 ms, over Node's longest timer (2^31 − 1 = 2 147 483 647 ms)
    ['scale 4000', { cycles: 1 }, 4000],
    // twice 2^31 ms plus a minute
    ['a duration past 2^31 − 1 ms', { durationMs: 2 ** 31 }, 1],
    ['a timeout past 2^31 − 1 ms', { cycles: 1, timeoutMs: 1e12 }, 1],
  ])('keeps the time limit within what a Node timer can wait: %s', (_, scenario, scale) => {
    expect(planScenario({ name: 'x', cycle, ...scenario }, scale).timeoutMs).toBe(2 ** 31 - 1)
  })

  it.each([0, -1, Number.NaN])('rejects scale %d', (scale) => {
    expect(() => planScenario({ name: 'x', cycles: 5, cycle }, scale)).toThrow(expect.objectContaining({ code: 'LEAKWATCH_BAD_OPTION' }))
  })
})
