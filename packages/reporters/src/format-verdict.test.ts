import { gradeSeries, type SeriesSample } from '@leakwatch/grader'
import { describe, expect, it } from 'vitest'
import { formatVerdict } from './format-verdict.js'

const MiB = 2 ** 20

// The guide's FAILED example, checkpoints every 20 cycles as it prints them.
const guideFail: SeriesSample[] = [
  [0, 128.3, 12], [20, 145.7, 14], [40, 162.8, 16], [60, 179.3, 18], [80, 195.1, 20], [100, 210.4, 22],
].map(([cycle, mb, threads]) => ({ t: (cycle as number) * 1000, rss: (mb as number) * MiB, cycle, threads }))

describe('formatVerdict()', () => {
  it("prints the guide's closing lines, then reasons and numbered actions", () => {
    const text = formatVerdict(gradeSeries(guideFail))
    const lines = text.split('\n')
    expect(lines.slice(0, 4)).toEqual([
      'Final: 128.3 MB → 210.4 MB (+82.1 MB, +64.0%)',
      'Threads: 12 → 22 (+10 threads)',
      '',
      '❌ FAIL',
    ])
    expect(lines[4]).toMatch(/^ {2}- RSS grew \+64\.0%/)
    expect(text).toContain('  - Threads: 12 → 22 (+10 threads)\n')
    expect(text).toMatch(/\nActions:\n {2}1\. Check that every worker and thread pool is shut down on stop\n/)
  })

  it('prints no actions for a pass, and counters that did not move without a delta', () => {
    const flat = guideFail.map((s) => ({ ...s, rss: 100 * MiB, threads: 12 }))
    const text = formatVerdict(gradeSeries(flat))
    expect(text).toContain('Threads: 12 → 12\n')
    expect(text).toContain('✅ PASS\n')
    expect(text).not.toContain('Actions:')
  })
})
