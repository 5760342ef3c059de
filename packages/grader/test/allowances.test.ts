import { describe, expect, it } from 'vitest'
import { gradeSeries, parseSize, resolvePolicy } from '../src/index.js'
import { MiB, scenarioRun } from './_runs.js'

const KiB = 1024

describe('gradeSeries(): a policy allowance lets a layer grow a known amount', () => {
  // the JS heap grows 40 MiB over 80 % of the run (a cache that fills slowly), then stays flat:
  // without an allowance the late rise reads as still settling (warn)
  const cacheFilling = scenarioRun({ shape: (f) => ({ heap: 6 * MiB + 40 * MiB * Math.min(1, f / 0.8) }), noise: 20 * KiB })

  it('warns without an allowance', () => {
    const v = gradeSeries(cacheFilling)
    expect([v.status, v.decidedBy]).toEqual(['warn', 'heap'])
  })

  it('passes a layer growing 40 MiB then flat under an allowance of 50 MiB, saying the policy allowed it', () => {
    const v = gradeSeries(cacheFilling, { allowances: { heap: '50 MiB' } })
    expect(v.status).toBe('pass')
    expect(v.extend).toBeUndefined()
    const heap = v.layers.find((l) => l.layer === 'heap')
    expect(heap?.status).toBe('pass')
    expect(heap?.reason).toMatch(/; allowed by the policy: it grew 3\d\.\d MiB over the run, within its allowance of 50\.0 MiB$/)
    expect(v.reasons[0]).toContain('allowed by the policy')
  })

  it('takes the allowance in bytes as well', () => {
    expect(gradeSeries(cacheFilling, { allowances: { heap: 50 * MiB } }).status).toBe('pass')
  })

  it('still fails a leak that grows past its allowance', () => {
    // 80 KiB a cycle for 1,000 cycles: ~78 MiB, over an allowance of 50 MiB
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ heap: 6 * MiB + 80 * KiB * 1000 * f }), noise: 20 * KiB }), { allowances: { heap: '50 MiB' } })
    expect([v.status, v.decidedBy]).toEqual(['fail', 'heap'])
    expect(v.reasons[0]).not.toContain('allowed')
  })

  it('allows only the layer it names', () => {
    const v = gradeSeries(cacheFilling, { allowances: { buffers: '50 MiB' } })
    expect([v.status, v.decidedBy]).toEqual(['warn', 'heap'])
  })

  it('lets a counter end up to its allowance above where it began', () => {
    const fdsLeft = (n: number) => scenarioRun({ after: { handles: 20 + n } })
    expect(gradeSeries(fdsLeft(2)).status).toBe('fail')
    const allowed = gradeSeries(fdsLeft(2), { allowances: { fds: 2 } })
    expect(allowed.status).toBe('pass')
    expect(allowed.layers.find((l) => l.layer === 'fds')?.reason).toBe('Open fds left after teardown: 20 → 22 (+2); allowed by the policy: it grew 2 over the run, within its allowance of 2')
    expect([gradeSeries(fdsLeft(3), { allowances: { fds: 2 } }).status, gradeSeries(fdsLeft(3), { allowances: { fds: 2 } }).decidedBy]).toEqual(['fail', 'fds'])
  })
})

describe('resolvePolicy(): allowances', () => {
  it('reads sizes for memory layers and counts for counters', () => {
    expect(resolvePolicy({ allowances: { heap: '50 MiB', rss: '1.5 GB', buffers: 1024, fds: 3 } }).allowances).toEqual({ heap: 50 * MiB, rss: 1_500_000_000, buffers: 1024, fds: 3 })
    expect(resolvePolicy().allowances).toEqual({})
  })

  it.each([
    [{ allowances: { stack: 1 } }, 'policy.allowances.stack is not a layer (known: heap, buffers, native, outside, rss, processes, threads, fds, resources)'],
    [{ allowances: { heap: '50 parsecs' } }, `policy.allowances.heap must be a number of bytes of at least 0, or a size such as '50 MiB', got "50 parsecs"`],
    [{ allowances: { heap: -1 } }, `policy.allowances.heap must be a number of bytes of at least 0, or a size such as '50 MiB', got -1`],
    [{ allowances: { fds: '2 MiB' } }, 'policy.allowances.fds must be a whole number of at least 0, got "2 MiB"'],
    [{ allowances: { threads: 1.5 } }, 'policy.allowances.threads must be a whole number of at least 0, got 1.5'],
    [{ allowances: [] }, 'policy.allowances must be an object'],
  ])('rejects %j: %s', (overrides, message) => {
    expect(() => resolvePolicy(overrides)).toThrow(message)
  })
})

describe('parseSize()', () => {
  it.each([
    ['50 MiB', 50 * MiB],
    ['512KiB', 512 * KiB],
    ['1.5 GB', 1_500_000_000],
    ['2 kb', 2000],
    ['1048576', MiB],
    ['10 B', 10],
  ])('%s is %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes))

  it.each(['', 'MiB', '5 parsecs', '-1 MiB', '1e6'])('%j is not a size', (text) => expect(parseSize(text)).toBeNaN())
})
