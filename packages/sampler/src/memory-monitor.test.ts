import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { MemoryMonitor, type MemoryMonitorOptions } from './memory-monitor.js'
import type { MemoryBaseline, MemoryRecovery, MemoryWarning } from './memory-monitor-events.js'

const MB = 2 ** 20
const MINUTE = 60_000

/**
 * A monitor on an injected clock and injected readings, with the defaults (5 min warm-up,
 * window of 5, 30 % threshold, 10-point steps, 5-point hysteresis). It reads 100 MB at
 * construction (t = 0); `feed(...mb)` then checks once a minute, one reading each.
 */
function harness(options: MemoryMonitorOptions = {}) {
  let t = 0
  let reading = 100 * MB
  const warnings: MemoryWarning[] = []
  const recoveries: MemoryRecovery[] = []
  const baselines: MemoryBaseline[] = []
  const monitor = new MemoryMonitor({ measure: () => reading, now: () => t, ...options })
    .on('warning', (w) => warnings.push(w))
    .on('recovered', (r) => recoveries.push(r))
    .on('baseline', (b) => baselines.push(b))
  const feed = (...mbs: number[]) => {
    for (const mb of mbs) {
      t += MINUTE
      reading = mb * MB
      monitor.check()
    }
  }
  const levels = () => warnings.map((w) => w.level)
  return { monitor, feed, warnings, recoveries, baselines, levels }
}

/** `n` copies of `mb`. */
const flat = (mb: number, n: number) => Array<number>(n).fill(mb)

describe('MemoryMonitor warm-up', () => {
  it('does not warn on growth during warm-up, and baselines on where it levelled off', () => {
    const { monitor, feed, warnings, baselines } = harness()
    feed(130, 150, 160, 160) // +60 % in four minutes: an ordinary server warming up
    expect(monitor.warmingUp).toBe(true)
    expect(monitor.growthPct).toBeUndefined()
    feed(160) // t = 5 min: the baseline is the median of the last 5 readings
    expect(baselines).toEqual([{ baseline: 160 * MB, reason: 'warmup', message: 'Memory baseline after warm-up: 160.0 MiB' }])
    feed(...flat(165, 60))
    expect(warnings).toEqual([])
    expect(monitor.growthPct).toBeCloseTo(3.125) // 165 over 160
  })

  it('is not fooled by a GC peak at the end of warm-up: the baseline is a median', () => {
    const { monitor, feed } = harness()
    feed(100, 100, 100, 100, 400)
    expect(monitor.baseline).toBe(100 * MB)
  })

  it('with warmupMs 0 measures from the reading at construction', () => {
    const { monitor, feed, levels } = harness({ warmupMs: 0 })
    expect(monitor.baseline).toBe(100 * MB)
    feed(...flat(140, 5))
    expect(levels()).toEqual([30])
  })
})

describe('MemoryMonitor warnings', () => {
  const settled = (options: MemoryMonitorOptions = {}) => {
    const h = harness(options)
    h.feed(...flat(100, 5)) // warm-up over, baseline 100 MB
    return h
  }

  it('warns once per level on a steady rise, and not while it stays there', () => {
    const { feed, warnings, levels } = settled()
    const rise = Array.from({ length: 36 }, (_, i) => 102 + 2 * i) // 102 … 172 MB, 2 MB a minute
    feed(...rise, ...flat(172, 30))
    expect(levels()).toEqual([30, 40, 50, 60, 70]) // 172 MiB is +72 %: past 70, not 80
    // The first fires once all 5 of the last readings are past 130 MB: at 140 (min 132).
    expect(warnings[0]).toMatchObject({ growthPct: 32, baseline: 100 * MB, sustained: 132 * MB, current: 140 * MB })
    expect(warnings[0]!.slopePerMin / MB).toBeCloseTo(2)
    expect(warnings[0]!.message).toBe(
      'High memory growth: 32.0% (100.0 MiB → 132.0 MiB, the lowest of the last 5 checks), trend +2.0 MiB/min',
    )
  })

  it('skips to the level reached on a jump', () => {
    const { feed, levels } = settled()
    feed(...flat(165, 5))
    expect(levels()).toEqual([60])
  })

  it.each([
    // [readings after the baseline in MB, what they are]
    [[300, ...flat(100, 10)], 'one spike'],
    [[...flat(180, 4), ...flat(100, 10)], 'a plateau shorter than the window'],
    // Teeth of 5 checks rising 60 % above the trough, GC bringing it back each time: the window always holds a trough.
    [Array.from({ length: 60 }, (_, i) => 100 + 15 * (i % 5)), 'a GC sawtooth around a flat level'],
  ])('does not warn on %j (%s)', (readings) => {
    const { feed, warnings } = settled()
    feed(...readings)
    expect(warnings).toEqual([])
  })

  it('treats the threshold and levels as strict: exactly 30 % is not past it', () => {
    const { feed, levels } = settled()
    feed(...flat(130, 5))
    expect(levels()).toEqual([])
    feed(...flat(140, 5)) // exactly 40 %: level 30, not 40
    expect(levels()).toEqual([30])
  })

  it('follows its options', () => {
    const { feed, levels } = settled({ thresholdPct: 10, stepPct: 5, windowChecks: 2 })
    feed(111, 111, 116, 116)
    expect(levels()).toEqual([10, 15])
  })
})

describe('MemoryMonitor level and readings', () => {
  it('shows the standing warning level until recovery, and counts every reading', () => {
    const { monitor, feed } = harness({ warmupMs: 0 })
    expect(monitor.readings).toBe(1) // the reading at construction
    expect(monitor.level).toBeUndefined()
    feed(...flat(145, 5))
    expect(monitor.level).toBe(40)
    expect(monitor.readings).toBe(6)
    feed(...flat(100, 5))
    expect(monitor.level).toBeUndefined()
    monitor.rebaseline()
    expect(monitor.readings).toBe(12)
  })
})

describe('MemoryMonitor recovery', () => {
  const warnedAt140 = () => {
    const h = harness()
    h.feed(...flat(100, 5), ...flat(140, 5))
    expect(h.levels()).toEqual([30])
    return h
  }

  it("emits 'recovered' once when every recent reading is below threshold − hysteresis, then warns again on a new rise", () => {
    const { monitor, feed, levels, recoveries } = warnedAt140()
    feed(...flat(110, 4))
    expect(recoveries).toEqual([]) // a 140 MiB reading is still in the window
    feed(...flat(110, 10))
    expect(recoveries).toHaveLength(1)
    expect(recoveries[0]).toMatchObject({ growthPct: 10, level: 30, highest: 110 * MB })
    expect(recoveries[0]!.message).toBe(
      'Memory growth recovered: 10.0% (100.0 MiB → 110.0 MiB, the highest of the last 5 checks), below 25%',
    )
    expect(monitor.check().level).toBeUndefined()
    feed(...flat(135, 5))
    expect(levels()).toEqual([30, 30])
  })

  it('does not recover inside the hysteresis band, nor warn again there', () => {
    const { feed, levels, recoveries } = warnedAt140()
    feed(...flat(127, 10), ...flat(135, 10)) // 27 % is under 30 but over 25
    expect(recoveries).toEqual([])
    expect(levels()).toEqual([30])
  })
})

describe('MemoryMonitor.rebaseline()', () => {
  it('measures growth from the new level and resets the warning level', () => {
    const { monitor, feed, levels, baselines, recoveries } = harness()
    feed(...flat(100, 5), ...flat(140, 5))
    expect(levels()).toEqual([30])
    expect(monitor.rebaseline()).toBe(140 * MB)
    expect(baselines.map((b) => [b.reason, b.baseline / MB])).toEqual([
      ['warmup', 100],
      ['rebaseline', 140],
    ])
    expect([monitor.peak, monitor.growthPct]).toEqual([140 * MB, 0])
    feed(...flat(150, 10)) // +7 % over 140: nothing, though +50 % over the old baseline
    expect(levels()).toEqual([30])
    expect(recoveries).toEqual([]) // the old level went with the old baseline: nothing to recover from
    feed(...flat(190, 5)) // +35.7 % over 140: the first level again
    expect(levels()).toEqual([30, 30])
    expect(monitor.growthPct).toBeCloseTo(35.71)
  })

  it('ends the warm-up early', () => {
    const { monitor, feed } = harness()
    feed(150)
    monitor.rebaseline()
    expect([monitor.warmingUp, monitor.baseline]).toEqual([false, 150 * MB])
  })
})

describe('MemoryMonitor delivery', () => {
  it('warns through process warnings when nobody listens for warnings, and only then', async () => {
    let reading = 100 * MB
    const processWarnings: Error[] = []
    const collect = (w: Error) => processWarnings.push(w)
    process.on('warning', collect)
    try {
      const alone = new MemoryMonitor({ warmupMs: 0, windowChecks: 2, measure: () => reading })
      const heard = new MemoryMonitor({ warmupMs: 0, windowChecks: 2, measure: () => reading, onWarning: () => {} })
      reading = 200 * MB
      for (const monitor of [alone, heard]) monitor.check(), monitor.check()
      await new Promise((resolve) => setImmediate(resolve)) // process warnings arrive on a later tick
    } finally {
      process.off('warning', collect)
    }
    expect(processWarnings).toHaveLength(1)
    expect(processWarnings[0]).toMatchObject({ code: 'LEAKWATCH_MEMORY_GROWTH', message: expect.stringMatching(/^High memory growth: 100\.0%/) })
  })

  it('calls onWarning beside the listeners', () => {
    const seen: string[] = []
    const { feed } = harness({ onWarning: (w) => seen.push(`option ${w.level}`) })
    feed(...flat(100, 5), ...flat(155, 5))
    expect(seen).toEqual(['option 50'])
  })

  it('checks on its interval without keeping the process alive, and reports a failed check as an event', async () => {
    let calls = 0
    const monitor = new MemoryMonitor({
      intervalMs: 1,
      measure: () => {
        if (++calls === 3) throw new Error('cannot read')
        return 100 * MB
      },
    })
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    monitor.start()
    const during = timers()
    const [error] = await once(monitor, 'error') // the third reading, the timer's second check
    monitor.stop()
    expect(during).toBe(before) // unref'd timers are not listed as keeping the loop alive
    expect(error).toMatchObject({ message: 'cannot read' })
    expect(calls).toBe(3)
  })

  it('reads this process’s RSS by default', () => {
    const monitor = new MemoryMonitor({ warmupMs: 0 })
    const rss = process.memoryUsage.rss()
    expect(monitor.current).toBeGreaterThan(rss / 2)
    expect(monitor.current).toBeLessThan(rss * 2)
    // A window of 2 still holds the baseline reading, so sustained growth cannot be above 0.
    expect(monitor.check().growthPct).toBeLessThanOrEqual(0)
  })
})

describe('MemoryMonitor options', () => {
  it.each([
    ['intervalMs: 0', { intervalMs: 0 }, 'LEAKWATCH_BAD_INTERVAL', /intervalMs must be a whole number/],
    ['thresholdPct: -1', { thresholdPct: -1 }, 'LEAKWATCH_BAD_OPTION', /thresholdPct must be a number above 0, got -1/],
    ['stepPct: 0', { stepPct: 0 }, 'LEAKWATCH_BAD_OPTION', /stepPct must be a number above 0/],
    ['hysteresisPct: NaN', { hysteresisPct: Number.NaN }, 'LEAKWATCH_BAD_OPTION', /hysteresisPct must be a number of at least 0, got NaN/],
    ['warmupMs: -1', { warmupMs: -1 }, 'LEAKWATCH_BAD_OPTION', /warmupMs must be a whole number/],
    ['warmupMs: 1.5', { warmupMs: 1.5 }, 'LEAKWATCH_BAD_OPTION', /warmupMs/],
    ['windowChecks: 1', { windowChecks: 1 }, 'LEAKWATCH_BAD_OPTION', /windowChecks must be a whole number of at least 2, got 1/],
    ['measure: 42', { measure: 42 }, 'LEAKWATCH_BAD_OPTION', /measure must be a function, got 42/],
    ['now: "soon"', { now: 'soon' }, 'LEAKWATCH_BAD_OPTION', /now must be a function, got "soon"/],
    ['a measure reading 0', { measure: () => 0 }, 'LEAKWATCH_BAD_OPTION', /measure\(\) must return a number of bytes above 0, got 0/],
  ])('rejects %s', (_, options, code, message) => {
    expect(() => new MemoryMonitor(options as MemoryMonitorOptions)).toThrow(
      expect.objectContaining({ name: 'SamplerError', code, message: expect.stringMatching(message) }),
    )
  })
})
