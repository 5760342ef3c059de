import type { Diagnosis, Finding } from '@leakwatch/contracts'
import { describe, expect, it } from 'vitest'
import { formatDiagnosis } from './format-diagnosis.js'

const site = (line: number) => ({ file: '/app/src/poller.ts', line, column: 5, function: 'poll' })
const timer = (n: number): Finding => ({ kind: 'handle', what: 'Timeout', summary: `Timeout +${n} (1.0 per cycle)`, count: n, site: site(n) })

function diagnosis(findings: Finding[], extra: Partial<Diagnosis> = {}): Diagnosis {
  return { cycles: 600, durationMs: 9000, measureMs: 6000, parts: ['handles'], findings, notes: [], ...extra }
}

describe('formatDiagnosis()', () => {
  it('groups findings by kind in their order, with sites relative to the root and what holds them', () => {
    const text = formatDiagnosis(
      diagnosis([
        { kind: 'heap-object', what: 'Map', summary: 'Map +600 entries (1.0 per cycle)', site: site(42), retainers: ['(module scope) cache', 'Map'] },
        timer(600),
      ]),
      { root: '/app' },
    )
    expect(text).toBe(
      [
        'Where it grew (a second, instrumented pass of 600 cycles):',
        '  Objects that grew:',
        '    Map +600 entries (1.0 per cycle)',
        '      at src/poller.ts:42:5 (poll)',
        '      held by (module scope) cache → Map',
        '  Handles:',
        '    Timeout +600 (1.0 per cycle)',
        '      at src/poller.ts:600:5 (poll)',
        '',
      ].join('\n'),
    )
  })

  it('shows the top of each kind and says how many more the results file has', () => {
    const text = formatDiagnosis(diagnosis([1, 2, 3, 4, 5, 6, 7].map(timer)), { root: '/app', top: 5 })
    expect(text).toContain('Timeout +5 ')
    expect(text).not.toContain('Timeout +6 ')
    expect(text).toContain('… 2 more in the results file')
  })

  it('keeps a path outside the root absolute, says when nothing was found, and prints notes and errors escaped', () => {
    const outside = formatDiagnosis(diagnosis([timer(3)]), { root: '/elsewhere' })
    expect(outside).toContain('at /app/src/poller.ts:3:5 (poll)')
    const empty = formatDiagnosis(diagnosis([], { notes: ['heap snapshots skipped: \u001b[31mbig'], error: 'timeout after 90 s' }))
    expect(empty).toContain('nothing found before the pass ended')
    expect(empty).toContain('the instrumented pass ended early: timeout after 90 s')
    expect(empty).toContain('note: heap snapshots skipped: \\u001b[31mbig')
  })
})
