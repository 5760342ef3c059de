import { describe, expect, it } from 'vitest'
import type { RunPlan } from '../plan.js'
import { nextChunk } from './extension.js'

const cycles = (n: number, every: number): RunPlan => ({ mode: 'cycles', cycles: n, checkpointEvery: every, warmup: { cycles: 3 }, timeoutMs: 1000, scale: 1 })
const duration = (ms: number, every: number): RunPlan => ({ mode: 'duration', durationMs: ms, checkpointMs: every, warmup: { ms: 10 }, timeoutMs: 1000, scale: 1 })
const bounds = (maxFactor = 4, maxMs = 60_000) => ({ maxFactor, maxMs })

describe('nextChunk()', () => {
  it.each([
    // plan, bounds, measured so far, ms the planned part took, ms spent extending → next chunk
    ['half the plan', cycles(1000, 20), bounds(), 1000, 1000, 0, 500],
    ['what maxFactor leaves', cycles(1000, 20), bounds(), 3800, 1000, 5000, 200],
    ['nothing when less than a checkpoint spacing is left', cycles(1000, 20), bounds(), 3990, 1000, 5000, 0],
    // 10 ms a cycle in the planned part: 3 s left for 300 cycles
    ['what maxMs leaves, at the planned pace', cycles(1000, 20), bounds(4, 60_000), 1500, 10_000, 57_000, 300],
    ['nothing once maxMs is spent', cycles(1000, 20), bounds(), 1500, 10_000, 60_000, 0],
    ['nothing with maxFactor 1', cycles(1000, 20), bounds(1), 1000, 1000, 0, 0],
    ['a cycle at a time on a tiny plan', cycles(3, 1), bounds(), 11, 30, 0, 1],
    ['half the duration', duration(10_000, 200), bounds(), 10_000, 10_000, 0, 5000],
    ['the time maxMs leaves', duration(10_000, 200), bounds(4, 1000), 10_000, 10_000, 0, 1000],
    ['nothing when that is under a checkpoint spacing', duration(10_000, 200), bounds(4, 100), 10_000, 10_000, 0, 0],
    // a spacing longer than half the plan (one checkpoint a run) still allows half the plan
    ['half the plan even with a wide spacing', cycles(100, 100), bounds(), 100, 100, 0, 50],
  ])('%s', (_, plan, limits, ran, plannedMs, extraMs, chunk) => {
    expect(nextChunk(plan, limits, ran, plannedMs, extraMs)).toBe(chunk)
  })
})
