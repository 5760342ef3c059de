import type { Sample } from '@leakwatch/contracts'
import { gradeSeries } from '@leakwatch/grader'
import { describe, expect, it } from 'vitest'
import { formatVerdict } from './format-verdict.js'

const MiB = 2 ** 20

// The guide's FAILED example, a checkpoint every 5 cycles, with its threads 12 → 22.
const guideFail: Sample[] = Array.from({ length: 21 }, (_, i) => ({
  t: i * 5000,
  rss: (128.3 + (82.1 * i) / 20) * MiB,
  cycle: i * 5,
  threads: 12 + Math.floor(i / 2),
  phase: 'measure' as const,
}))

describe('formatVerdict()', () => {
  it("prints the guide's closing lines, the layers, then reasons and numbered actions", () => {
    const text = formatVerdict(gradeSeries(guideFail))
    const lines = text.split('\n')
    expect(lines.slice(0, 3)).toEqual([
      'Final: 128.3 MiB → 210.4 MiB (+82.1 MiB, +64.0%)',
      'Threads: 12 → 22 (+10 threads)',
      'Layers (late slope, and the growth it adds over the run):',
    ])
    expect(lines[3]).toMatch(/^ {2}RSS +130\.4 MiB → +208\.3 MiB +\+840\.7 KiB\/cycle {2}adds \+\d+\.\d% +rising$/)
    expect(lines.slice(4, 6)).toEqual(['', 'FAIL'])
    expect(lines[6]).toBe('  - Threads left after teardown: 12 → 22 (+10)')
    expect(text).toMatch(/\nActions:\n {2}1\. Terminate every Worker on stop and await terminate\(\); shut thread pools down\n/)
  })

  it('marks the layer that decided', () => {
    const heapLeak = guideFail.map((s, i) => ({ ...s, threads: 12, heapUsed: 6 * MiB + i * 0.5 * MiB, heapTotal: 20 * MiB, external: 2 * MiB }))
    const text = formatVerdict(gradeSeries(heapLeak))
    expect(text).toMatch(/\n {2}JS heap .* rising ◀\n/)
    expect(text).toMatch(/\n {2}- JS heap keeps rising/)
  })

  it('prints no actions for a pass, and counters that did not move without a delta', () => {
    const flat = guideFail.map((s) => ({ ...s, rss: 100 * MiB, threads: 12 }))
    const text = formatVerdict(gradeSeries(flat))
    expect(text).toContain('Threads: 12 → 12\n')
    expect(text).toContain('\nPASS\n')
    expect(text).not.toContain('Actions:')
  })
})
