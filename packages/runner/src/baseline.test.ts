import type { LayerFinding, Verdict } from '@leakwatch/grader'
import { describe, expect, it } from 'vitest'
import { compareScenario } from './baseline.js'
import type { ScenarioReport } from './report.js'

const KiB = 1024
const MiB = 1024 * KiB

/** A memory layer's finding over 200 cycles: its late slope (B/cycle, ±10 %) and size. */
function layer(name: LayerFinding['layer'], slope: number, size: number): LayerFinding {
  const spread = Math.abs(slope) * 0.1 + 16
  return {
    layer: name,
    status: 'pass',
    unit: 'bytes',
    baseline: size,
    final: size + slope * 200,
    rosePct: (100 * slope * 200) / size,
    percentOf: size,
    projectedPct: (100 * slope * 200) / size,
    slope: { value: slope, low: slope - spread, high: slope + spread, p: 0.001, per: 'cycle' },
    evidence: { points: 50, latePoints: 25, spanMs: 2000, cycles: 200 },
    reason: '',
  }
}
const scenario = (...layers: LayerFinding[]) => ({ name: 'tokens', suite: 'files', status: 'pass', verdict: { status: 'pass', layers } as unknown as Verdict }) as ScenarioReport

// the numbers of a clean token cache and its slightly leaky twin, as measured (apps/cli/test/baseline.test.ts)
const before = scenario(layer('heap', 243, 4.8 * MiB), layer('outside', -120, 41.2 * MiB))

describe('compareScenario()', () => {
  it('finds a heap that keeps 3.3 KiB more a cycle: 13 % of the layer over the run', () => {
    const now = scenario(layer('heap', 3371, 4.9 * MiB), layer('outside', -120, 41.2 * MiB))
    expect(compareScenario(now, before)).toEqual(['regression against baseline: heap late slope +3.3 KiB/cycle vs +243 B/cycle'])
  })

  it('leaves alone the same few KiB a cycle in 41 MiB of RSS outside the heap: 1.2 % of it, page noise under load', () => {
    const now = scenario(layer('heap', 243, 4.8 * MiB), layer('outside', 2681, 41.2 * MiB))
    expect(compareScenario(now, before)).toEqual([])
    // the same rise where it is a tenth of the layer is one
    expect(compareScenario(scenario(layer('heap', 243, 4.8 * MiB), layer('outside', 2681, 4 * MiB)), before)).toHaveLength(1)
  })
})
