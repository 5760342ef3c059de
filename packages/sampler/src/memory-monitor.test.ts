import { describe, expect, it } from 'vitest'
import { MemoryMonitor, type MemoryWarning } from './memory-monitor.js'

const MB = 2 ** 20

/** A monitor reading the values it is given, one per check, starting at 100 MB. */
function monitorOf(readings: number[], options = {}) {
  const values = [100 * MB, ...readings.map((mb) => mb * MB)]
  const warnings: MemoryWarning[] = []
  const monitor = new MemoryMonitor({ measure: () => values.shift() ?? 0, onWarning: (w) => warnings.push(w), ...options })
  return { monitor, warnings }
}

describe('MemoryMonitor', () => {
  it('tracks initial, current and peak memory and growth', () => {
    const { monitor } = monitorOf([150, 120])
    monitor.check()
    monitor.check()
    expect([monitor.initial, monitor.current, monitor.peak].map((b) => b / MB)).toEqual([100, 120, 150])
    expect(monitor.growthPct).toBeCloseTo(20)
  })

  it.each([
    // [reading in MB, threshold %, warns?]
    [130, 30, false], // exactly at the threshold is not past it
    [130.1, 30, true],
    [111, 10, true],
    [109, 10, false],
  ])('at %s MB with a %s %% threshold, warns: %s', (reading, thresholdPct, warns) => {
    const { monitor, warnings } = monitorOf([reading], { thresholdPct })
    monitor.check()
    expect(warnings.length > 0).toBe(warns)
  })

  it('says what grew in its warning', () => {
    const { monitor, warnings } = monitorOf([160])
    monitor.check()
    expect(warnings[0]).toMatchObject({ growthPct: 60, message: 'High memory growth: 60.0% (100.0 MB → 160.0 MB)' })
  })

  it('checks on its interval and never keeps the process alive', async () => {
    const { monitor } = monitorOf([101, 102, 103, 104, 105, 106, 107, 108], { intervalMs: 5 })
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    monitor.start()
    const during = timers()
    await new Promise((r) => setTimeout(r, 40))
    monitor.stop()
    expect(during).toBe(before)
    expect(monitor.current).toBeGreaterThan(100 * MB)
  })

  it('warns through process warnings by default', async () => {
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve))
    let reading = 100 * MB
    const monitor = new MemoryMonitor({ measure: () => reading })
    reading = 200 * MB
    monitor.check()
    expect(await warned).toMatchObject({ code: 'LEAKWATCH_MEMORY_GROWTH' })
  })

  it.each([
    [{ intervalMs: 0 }, 'LEAKWATCH_BAD_INTERVAL'],
    [{ thresholdPct: -1 }, 'LEAKWATCH_BAD_OPTION'],
  ])('rejects %j', (options, code) => {
    expect(() => new MemoryMonitor(options)).toThrow(expect.objectContaining({ code }))
  })
})
