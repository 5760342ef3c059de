import { describe, expect, it } from 'vitest'
import { gradeSeries } from '../src/index.js'
import { externalSeries, MiB, scenarioRun } from './_runs.js'

const KiB = 1024

describe('gradeSeries(): a leak is growth that does not stop', () => {
  it('passes a cache that fills during the first third and stays full, however high it rose', () => {
    // the JS heap grows by 40 MB (+660 %) while the cache fills, then not at all
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ heap: 6 * MiB + 40 * MiB * Math.min(1, f / 0.33) }), noise: 20 * KiB }))
    expect(v.status).toBe('pass')
    const heap = v.layers.find((l) => l.layer === 'heap')
    expect(heap).toMatchObject({ status: 'pass', shape: 'levelled' })
    expect(heap?.rosePct).toBeGreaterThan(400)
    expect(v.reasons[0]).toMatch(/^no sustained growth in JS heap, .*JS heap rose \+\d+\.\d% early in the run and levelled off/)
  })

  it('fails a JS heap that keeps rising, naming the layer and its rate', () => {
    // 8 KB a cycle for 1,000 cycles: +8 MB on a 6 MB heap
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ heap: 6 * MiB + 8 * KiB * 1000 * f }), noise: 20 * KiB }))
    expect([v.status, v.decidedBy]).toEqual(['fail', 'heap'])
    expect(v.reasons[0]).toMatch(/^JS heap keeps rising \+8\.\d KiB\/cycle over the last 50%, no sign of levelling; adds \+\d+\.\d% over the run/)
    expect(v.patterns).toEqual(expect.arrayContaining(['linear-growth', 'no-stabilization', 'cycle-correlation']))
    expect(v.extend).toBeUndefined()
  })

  it('flags a slow leak of 1 KB a cycle (warn at least) and asks for more cycles when it is only a warn', () => {
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ heap: 6 * MiB + 1 * KiB * 1000 * f }), noise: 4 * KiB }))
    expect(['warn', 'fail']).toContain(v.status)
    expect(v.decidedBy).toBe('heap')
    if (v.status === 'warn') expect(v.extend).toMatch(/keeps rising/)
  })

  it('fails a leak that starts halfway through the run', () => {
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ external: 2 * MiB + Math.max(0, f - 0.5) * 8 * MiB }), noise: 10 * KiB }))
    expect([v.status, v.decidedBy]).toEqual(['fail', 'buffers'])
  })

  it('judges a sawtooth on its troughs: flat troughs pass wherever the run ends', () => {
    // a buffer list reset every 100 cycles: 0 → 6 MB and back; the run ends at a tooth's top
    const tooth = (f: number) => ((f * 1000) % 100) / 100
    const v = gradeSeries(scenarioRun({ n: 51, shape: (f) => ({ external: 2 * MiB + 6 * MiB * (f === 1 ? 0.98 : tooth(f)) }), noise: 5 * KiB }))
    const buffers = v.layers.find((l) => l.layer === 'buffers')
    expect(buffers?.troughs).toBe(true)
    expect(v.status).toBe('pass')
  })

  it('fails a sawtooth whose troughs rise', () => {
    const tooth = (f: number) => ((f * 1000) % 100) / 100
    const v = gradeSeries(scenarioRun({ n: 51, shape: (f) => ({ external: 2 * MiB + 6 * MiB * tooth(f) + 4 * MiB * f }), noise: 5 * KiB }))
    expect([v.status, v.decidedBy]).toEqual(['fail', 'buffers'])
    expect(v.layers.find((l) => l.layer === 'buffers')?.troughs).toBe(true)
  })
})

describe('gradeSeries(): RSS and the layers inside it', () => {
  it('passes RSS that rises because V8 reserves more heap while the heap in use stays flat', () => {
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ heapTotal: 12 * MiB + 30 * MiB * f }), noise: 10 * KiB }))
    expect(v.status).toBe('pass')
    expect(v.growthPct).toBeGreaterThan(30)
    expect(v.reasons).toContainEqual(expect.stringMatching(/^RSS keeps rising.*but no layer inside it does .*: not a leak$/))
  })

  it('fails RSS outside the JS heap and malloc that keeps rising to the end: a native leak outside malloc', () => {
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ outside: 50 * MiB + 20 * MiB * f }), noise: 30 * KiB }))
    expect([v.status, v.decidedBy]).toEqual(['fail', 'outside'])
  })

  it('warns and asks for more, not fails, when RSS outside rises no more than the V8 heap reserved and left unused', () => {
    // V8 holds 40 MB of heap for 6 MB in use; RSS outside rises 6 MB as it touches those pages
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ heapTotal: 46 * MiB, outside: 50 * MiB + 6 * MiB * f }), noise: 10 * KiB }))
    expect([v.status, v.decidedBy]).toEqual(['warn', 'outside'])
    expect(v.extend).toMatch(/reserved, unused V8 heap/)
  })

  it('passes RSS outside them that levels off: worker heaps at their working size, pages the allocator keeps', () => {
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ outside: 50 * MiB + 20 * MiB * Math.min(1, f / 0.4) }), noise: 30 * KiB }))
    expect(v.status).toBe('pass')
    expect(v.layers.find((l) => l.layer === 'outside')?.shape).toBe('levelled')
  })

  it('warns on growth that still rises at the end but is slowing, and asks for more cycles', () => {
    // a fill that slows but has not stopped by the end of the run: 1 − e^(−5f); its last
    // quarter rises at 45 % of its last half's rate, and adds 4.2 % over the run at that rate
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ native: 8 * MiB + 5 * MiB * (1 - Math.exp(-5 * f)) }), noise: 2 * KiB }))
    expect([v.status, v.decidedBy]).toEqual(['warn', 'native'])
    expect(v.layers.find((l) => l.layer === 'native')?.shape).toBe('settling')
    expect(v.extend).toMatch(/slowing/)
  })
})

describe('gradeSeries(): enough evidence', () => {
  it('never passes a run with too few checkpoints: warn, inconclusive, and asks for more', () => {
    const v = gradeSeries(scenarioRun({ n: 2, cycles: 5 }))
    expect([v.status, v.inconclusive]).toEqual(['warn', true])
    expect(v.reasons[0]).toBe('inconclusive: 2 checkpoints over 0.1 s, at least 10 are needed to tell a plateau from a leak')
    expect(v.extend).toBe('only 2 checkpoints, 10 needed')
  })

  it('still fails a short run that leaks a thread', () => {
    const v = gradeSeries(scenarioRun({ n: 3, cycles: 3, after: { threads: 12 } }))
    expect([v.status, v.decidedBy, v.inconclusive]).toEqual(['fail', 'threads', true])
  })
})

describe('gradeSeries(): counters after teardown', () => {
  it('fails on a thread left after teardown, whatever the memory did', () => {
    const v = gradeSeries(scenarioRun({ after: { threads: 13 } }))
    expect([v.status, v.decidedBy, v.patterns]).toEqual(['fail', 'threads', ['thread-leak']])
    expect(v.threads).toEqual({ initial: 11, final: 13 })
    expect(v.reasons[0]).toBe('Threads left after teardown: 11 → 13 (+2)')
  })

  it('names the resource types and fd kinds that grew', () => {
    const series = scenarioRun({ after: { resources: 603, handles: 32 } })
    const first = series[0]
    const last = series.at(-1)
    if (!first || !last) throw new Error('empty series')
    first.resourceTypes = { TTYWrap: 2, Timeout: 1 }
    last.resourceTypes = { TTYWrap: 2, Timeout: 601 }
    first.fdKinds = { file: 10, socket: 5, pipe: 5, other: 0 }
    last.fdKinds = { file: 10, socket: 17, pipe: 5, other: 0 }
    const v = gradeSeries(series)
    expect([v.status, v.decidedBy]).toEqual(['fail', 'fds'])
    expect(v.reasons).toContain('Open fds left after teardown: 20 → 32 (+12: socket +12)')
    expect(v.reasons).toContain('Live libuv resources left after teardown: 3 → 603 (+600: Timeout +600)')
    expect(v.resources?.grew).toEqual({ Timeout: 600 })
  })

  it('counts from the checkpoint before setup, not from a sample taken from outside during it', () => {
    // the runner's first sample from outside can come while the child reads /proc for its own
    // checkpoint, and see that file open: 21 fds, one more than teardown comes back to
    const series = scenarioRun({ after: { handles: 220 } })
    const [checkpoint, last] = [series[0], series.at(-1)]
    if (!checkpoint || !last) throw new Error('empty series')
    checkpoint.t = 2
    checkpoint.fdKinds = { file: 10, socket: 5, pipe: 5, other: 0 }
    last.fdKinds = { file: 210, socket: 5, pipe: 5, other: 0 }
    series.unshift({ t: 0, rss: checkpoint.rss, threads: 11, handles: 21, fdKinds: { file: 11, socket: 5, pipe: 5, other: 0 }, phase: 'warmup' })
    const v = gradeSeries(series)
    expect(v.reasons).toContain('Open fds left after teardown: 20 → 220 (+200: file +200)')
  })

  it('passes a counter that rises during the run and comes back after teardown', () => {
    const v = gradeSeries(scenarioRun({ shape: () => ({ threads: 15, handles: 40 }), after: { threads: 11, handles: 20 } }))
    expect(v.status).toBe('pass')
  })
})

describe('gradeSeries(): processes left after teardown', () => {
  /** A scenario run whose child counted the other processes of its group before setup and after teardown. */
  function withProcesses(before: number, after: number, more: Parameters<typeof scenarioRun>[0] = {}) {
    const series = scenarioRun(more)
    const first = series[0]
    const last = series.at(-1)
    if (!first || !last) throw new Error('empty series')
    first.processes = before
    last.processes = after
    return series
  }

  it('fails a run that leaves processes running after teardown, with the pattern and the action', () => {
    const v = gradeSeries(withProcesses(0, 2))
    expect([v.status, v.decidedBy, v.patterns]).toEqual(['fail', 'processes', ['process-leak']])
    expect(v.processes).toEqual({ initial: 0, final: 2 })
    expect(v.reasons[0]).toBe('Processes left after teardown: 0 → 2 (+2)')
    expect(v.actions[0]).toBe("Kill or await every child process on stop (child.kill(), await once(child, 'exit'))")
  })

  it('passes a run whose processes are all gone after teardown', () => {
    const v = gradeSeries(withProcesses(0, 0))
    expect(v.status).toBe('pass')
    expect(v.processes).toEqual({ initial: 0, final: 0 })
    expect(v.layers.find((l) => l.layer === 'processes')).toMatchObject({ status: 'pass', unit: 'count' })
  })

  it('names the process leak first when the pipes and handle of the process are left too', () => {
    // a forgotten child process also holds its stdio pipes and its ChildProcess handle
    const v = gradeSeries(withProcesses(0, 1, { after: { handles: 23, resources: 5 } }))
    expect([v.status, v.decidedBy]).toEqual(['fail', 'processes'])
    expect(v.patterns).toEqual(['process-leak', 'handle-leak'])
  })

  it('judges no processes where the series does not count them', () => {
    const v = gradeSeries(scenarioRun({}))
    expect(v.processes).toBeUndefined()
    expect(v.layers.some((l) => l.layer === 'processes')).toBe(false)
  })

  it('does not judge processes of a run still in progress (counted only before setup and after teardown)', () => {
    const series = withProcesses(0, 0).filter((s) => s.phase === 'warmup' || s.phase === 'measure')
    const v = gradeSeries(series)
    expect(v.layers.some((l) => l.layer === 'processes')).toBe(false)
  })
})

describe('gradeSeries(): a process sampled from outside', () => {
  // Node boots in the first second: threads 1 → 11, fds 4 → 18, RSS 12 → 45 MB
  const boot = (s: number, to: number) => (s < 1 ? 1 + (to - 1) * s : to)

  it('keeps start-up out of the baseline: an idle server passes', () => {
    const v = gradeSeries(
      externalSeries({
        durationMs: 30_000,
        rss: (s) => (s < 1 ? 12 * MiB + 33 * MiB * s : 45 * MiB),
        threads: (s) => Math.round(boot(s, 11)),
        handles: (s) => Math.round(4 + 14 * Math.min(1, s)),
        noise: 100 * KiB,
      }),
    )
    expect(v.status).toBe('pass')
    expect(v.startupMs).toBeGreaterThanOrEqual(6000)
    expect(v.reasons).toContainEqual(expect.stringMatching(/^start-up left out of the baseline: the first \d+\.\d s of the series$/))
  })

  it('fails a leak that slows down but still adds more than failPct at its final rate, and asks for more', () => {
    // V8 grows the old space in steps: RSS of a fast leak rises at 1.3 MB/s, then 0.45 MB/s
    const v = gradeSeries(externalSeries({ durationMs: 40_000, everyMs: 1000, rss: (s) => 45 * MiB + 1.3 * MiB * Math.min(s, 32) + 0.45 * MiB * Math.max(0, s - 32) }))
    expect([v.status, v.decidedBy]).toEqual(['fail', 'rss'])
    expect(v.layers.find((l) => l.layer === 'rss')?.shape).toBe('settling')
    expect(v.extend).toMatch(/slowing/)
  })

  it('does not pass a steep late rise that only the last quarter shows flat: a leak grows RSS in steps', () => {
    const v = gradeSeries(externalSeries({ durationMs: 20_000, everyMs: 200, rss: (s) => 45 * MiB + 3 * MiB * Math.min(s, 16) }))
    expect([v.status, v.decidedBy]).toEqual(['warn', 'rss'])
    expect(v.layers.find((l) => l.layer === 'rss')?.shape).toBe('settling')
  })

  it('fails a fast leak within 40 s: tens of KB per request, RSS rising to the end', () => {
    const v = gradeSeries(externalSeries({ durationMs: 40_000, rss: (s) => 45 * MiB + 500 * KiB * s, noise: 300 * KiB }))
    expect([v.status, v.decidedBy]).toEqual(['fail', 'rss'])
  })

  it('flags a leak of 1 MB a minute in a 5-minute run', () => {
    const v = gradeSeries(externalSeries({ durationMs: 300_000, everyMs: 1000, rss: (s) => 45 * MiB + (MiB * s) / 60, noise: 200 * KiB }))
    expect(['warn', 'fail']).toContain(v.status)
    expect(v.decidedBy).toBe('rss')
  })

  it('fails fds that keep rising in a series without teardown', () => {
    const v = gradeSeries(externalSeries({ durationMs: 30_000, rss: () => 45 * MiB, handles: (s) => 18 + Math.floor(s * 2) }))
    expect([v.status, v.decidedBy]).toEqual(['fail', 'fds'])
  })
})

describe('gradeSeries(): bad input', () => {
  it.each([[[]], [[{ t: 0, rss: 1 }]]])('needs at least 2 measured samples (%j)', (series) => {
    expect(() => gradeSeries(series)).toThrow(expect.objectContaining({ code: 'LEAKWATCH_BAD_SERIES' }))
  })

  it.each([0, -5, Number.NaN])('rejects an RSS of %d', (rss) => {
    expect(() => gradeSeries([{ t: 0, rss: 10 }, { t: 1, rss }])).toThrow(expect.objectContaining({ code: 'LEAKWATCH_BAD_SERIES' }))
  })
})

describe('gradeSeries(): worker threads that cannot be asked to collect', () => {
  const outsideRises = (blocked: (f: number) => number) =>
    scenarioRun({ shape: (f) => ({ outside: 50 * MiB + 20 * MiB * f }), noise: 30 * KiB }).map((s, i, all) => {
      const f = i / (all.length - 1)
      return s.phase === 'measure' ? { ...s, blockedWorkers: blocked(f) } : s
    })

  it('warns, not fails, on growth outside the JS heap beside a steady pool of blocked workers', () => {
    const v = gradeSeries(outsideRises(() => 2))
    expect([v.status, v.decidedBy]).toEqual(['warn', 'outside'])
    expect(v.reasons[0]).toMatch(/but 2 worker threads could not be asked to collect garbage/)
  })

  it('still fails when the blocked workers pile up: they are the leak', () => {
    const v = gradeSeries(outsideRises((f) => Math.round(1 + 30 * f)))
    expect([v.status, v.decidedBy]).toEqual(['fail', 'outside'])
  })
})

describe('gradeSeries(): one step late in the run', () => {
  const step = (f: number) => (f > 0.8 ? 3 * MiB : 0)

  it('warns on a scenario run, and asks for more cycles to see whether it repeats', () => {
    const v = gradeSeries(scenarioRun({ shape: (f) => ({ heap: 6 * MiB + step(f) }), noise: 2 * KiB }))
    expect([v.status, v.decidedBy]).toEqual(['warn', 'heap'])
    expect(v.extend).toMatch(/rose in one step late in the run/)
  })

  it('passes a process sampled from outside, which cannot be extended, and says to sample longer', () => {
    // V8 growing the heap of a loaded server: a slow creep, then one step near the end
    const v = gradeSeries(externalSeries({ durationMs: 30_000, everyMs: 200, rss: (s) => 45 * MiB + 8 * KiB * s + step(s / 30) }))
    expect(v.status).toBe('pass')
    expect(v.layers.at(-1)?.reason).toMatch(/one step is not a leak: sample longer to see whether it repeats$/)
  })
})
