import { describe, expect, it } from 'vitest'
import { forceGC } from './force-gc.js'
import type { Sample } from '@leakwatch/contracts'
import { Sampler } from './sampler.js'

/** A sampler fed by a counter instead of a process, on a clock the test moves. */
function counterSampler(capacity: number) {
  let clock = 1000
  let n = 0
  const sampler = new Sampler({
    capacity,
    now: () => clock,
    measure: async (_pid, source) => ({ t: clock - (source.origin ?? 0), rss: ++n }),
  })
  return { sampler, tick: (ms: number) => (clock += ms) }
}

describe('Sampler options', () => {
  it.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects interval %s with a code', (intervalMs) => {
    expect(() => new Sampler({ intervalMs })).toThrow(expect.objectContaining({ code: 'LEAKWATCH_BAD_INTERVAL' }))
  })

  it.each([0, -1, 2.5])('rejects pid %s', (pid) => {
    expect(() => new Sampler({ pid })).toThrow(expect.objectContaining({ code: 'LEAKWATCH_BAD_OPTION' }))
  })

  it('refuses to start on a pid that does not exist', () => {
    expect(() => new Sampler({ pid: 2 ** 22 + 7 }).start()).toThrow(
      expect.objectContaining({ code: 'LEAKWATCH_NO_SUCH_PID' }),
    )
  })
})

describe('Sampler', () => {
  it('counts t from start() and keeps the newest samples up to its capacity', async () => {
    const { sampler, tick } = counterSampler(3)
    sampler.start().stop() // drive it by hand
    await sampler.sampleNow() // shares the sample start() is taking
    for (let i = 0; i < 5; i++) {
      tick(100)
      await sampler.sampleNow()
    }
    // the sample start() takes, then five more; the buffer holds the newest three
    expect(sampler.count).toBe(6)
    expect(sampler.samples).toEqual([
      { t: 300, rss: 4 },
      { t: 400, rss: 5 },
      { t: 500, rss: 6 },
    ])
  })

  it('records a mark and a sample tagged with its cycle', async () => {
    const { sampler, tick } = counterSampler(10)
    sampler.start().stop()
    tick(50)
    const marked: unknown[] = []
    sampler.on('mark', (m) => marked.push(m))
    await sampler.mark('checkpoint', 100)
    expect(sampler.marks).toEqual([{ t: 50, label: 'checkpoint', cycle: 100 }])
    expect(marked).toEqual(sampler.marks)
    expect(sampler.samples.at(-1)).toEqual({ t: 50, rss: 2, cycle: 100 })
  })

  it('gives a checkpoint its own sample even while another is being taken', async () => {
    const { sampler } = counterSampler(10)
    const plain = sampler.sampleNow()
    const shared = sampler.sampleNow()
    const tagged = sampler.sampleNow({ cycle: 7 })
    expect(await shared).toBe(await plain)
    expect((await tagged)?.cycle).toBe(7)
    expect(sampler.count).toBe(2)
  })

  it('samples on its interval without keeping the process alive', async () => {
    const sampler = new Sampler({ intervalMs: 5 })
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    sampler.start()
    const during = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    await new Promise((r) => setTimeout(r, 60))
    sampler.stop()
    expect(during).toBe(before) // an unref'd timer is not an active resource
    expect(sampler.count).toBeGreaterThanOrEqual(3)
    expect(sampler.running).toBe(false)
  })

  it('keeps the process alive when asked to', () => {
    const sampler = new Sampler({ intervalMs: 1000, ref: true })
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    sampler.start()
    const during = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    sampler.stop()
    expect(during).toBe(before + 1)
  })

  it('hands every sample to its sink, also those the buffer dropped', async () => {
    const sunk: Sample[] = []
    const sampler = new Sampler({ capacity: 2, sink: (s) => sunk.push(s), measure: async () => ({ t: 0, rss: sunk.length }) })
    for (let i = 0; i < 10; i++) await sampler.sampleNow()
    expect(sunk.map((s) => s.rss)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(sampler.samples).toEqual(sunk.slice(-2))
  })

  it('stops and emits error when a sample fails for another reason than exit', async () => {
    const sampler = new Sampler({ measure: async () => Promise.reject(new Error('disk on fire')) })
    const errors: Error[] = []
    sampler.on('error', (e) => errors.push(e))
    sampler.start()
    await new Promise((r) => setImmediate(r))
    expect(errors.map((e) => e.message)).toEqual(['disk on fire'])
    expect(sampler.running).toBe(false)
  })
})

describe("the sampler's own memory", () => {
  /** Heap growth in MB between 20,000 and 200,000 samples (and marks every 100). */
  async function growthOver200k(capacity: number) {
    const { sampler, tick } = counterSampler(capacity)
    let base = 0
    for (let i = 1; i <= 200_000; i++) {
      tick(100) // 100 ms apart: 200,000 samples is 5.5 hours
      await (i % 100 === 0 ? sampler.mark('checkpoint', i) : sampler.sampleNow())
      if (i === 20_000) {
        forceGC()
        base = process.memoryUsage().heapUsed
      }
    }
    forceGC()
    const growthMb = (process.memoryUsage().heapUsed - base) / 2 ** 20
    // the sampler must still be reachable here, or the last GC would take its buffer too
    expect(sampler.count).toBe(200_000)
    return growthMb
  }

  it('stays flat over 200,000 samples with the default capacity', async () => {
    expect(await growthOver200k(10_000)).toBeLessThan(2)
  })

  it('would show a buffer that keeps every sample (the check can fail)', async () => {
    expect(await growthOver200k(1_000_000)).toBeGreaterThan(5)
  })
})
