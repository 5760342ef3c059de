import type { Sample } from '@leakwatch/contracts'
import { describe, expect, it } from 'vitest'
import { renderBars, Sparkline } from '../src/watch/sparkline.js'
import { conclude, watchRunReport, watchTarget } from '../src/watch/watch-report.js'
import { WatchState } from '../src/watch/watch-state.js'
import { clock, heartbeatLine, heartbeatView, liveView, viewLines } from '../src/watch/watch-view.js'
import { captureIo } from './_io.js'

// The parts of `leakwatch watch`, without a process: the sparkline, the bounded state, the
// view, the names and results, and how the watch concludes. watch.test.ts runs the command.

const MiB = 1024 * 1024

/** A synthetic sample as the sampler takes one from outside: t in ms, RSS, threads, fds. */
const sample = (t: number, rss: number, threads = 11, handles = 20): Sample => ({ t, rss, threads, handles })

describe('Sparkline', () => {
  it('keeps at most its width in buckets, each the mean of the samples it covers', () => {
    const line = new Sparkline(4)
    for (let i = 1; i <= 8; i++) line.push(i)
    // 8 values in 4 buckets: two merges of pairs would be (1+2)/2, (3+4)/2, ...
    expect(line.values()).toEqual([1.5, 3.5, 5.5, 7.5])
    expect([line.buckets, line.samplesPerBucket, line.seen]).toEqual([4, 2, 8])
    line.push(9)
    expect(line.values()).toEqual([2.5, 6.5, 9])
  })

  it('draws fewer bars than buckets when asked, each the mean of the samples its buckets cover', () => {
    const line = new Sparkline(8)
    for (let i = 1; i <= 8; i++) line.push(i)
    line.push(100) // 9 samples: buckets (1,2) (3,4) (5,6) (7,8) (100)
    expect(line.render(0)).toBe('▁▁▁▁█')
    // in 2 bars: the first covers 3 buckets (1..6, mean 3.5), the second 2 (7, 8, 100: mean 38.3)
    expect(line.render(0, 2)).toBe('▁█')
    expect(line.render(0, 3)).toHaveLength(3)
    expect(line.render(0, 5)).toBe(line.render(0))
  })

  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8], 0, '▁▂▃▄▅▆▇█'],
    [[5, 5, 5], 0, '▁▁▁'],
    // noise of 1 on a level of 100, drawn on a span of at least 10: low bars, not the full scale
    [[100, 101, 100, 101], 10, '▁▁▁▁'],
    [[], 0, ''],
  ])('renderBars(%j, minSpan %d) is %s', (values, minSpan, bars) => {
    expect(renderBars(values, minSpan)).toBe(bars)
  })
})

describe('WatchState', () => {
  it('holds a bounded number of samples and buckets over 200,000 samples (55 hours at 1 s)', () => {
    // hourly grading here keeps the test quick; what is measured is what the state holds
    const state = new WatchState({ gradeEveryMs: 3_600_000 })
    let most = { samples: 0, sparkBuckets: 0 }
    const at: Record<number, { samples: number; sparkBuckets: number }> = {}
    for (let i = 0; i < 200_000; i++) {
      // a flat 80 MiB with a saw-tooth of 2 MiB, as a collected heap makes
      state.push(sample(i * 1000, 80 * MiB + (i % 17) * 128 * 1024, 11, 20 + (i % 3)))
      const held = state.retained() // after every sample: the peak is what counts
      most = { samples: Math.max(most.samples, held.samples), sparkBuckets: Math.max(most.sparkBuckets, held.sparkBuckets) }
      if (i + 1 === 20_000 || i + 1 === 200_000) at[i + 1] = held
    }
    expect(state.series.seen).toBe(200_000)
    expect(most.samples).toBeLessThanOrEqual(state.series.bound)
    // RSS, threads and fds (no JS heap from outside): 60 buckets each at most
    expect(most.sparkBuckets).toBeLessThanOrEqual(3 * 60)
    // ten times the samples, not more held: between half the bound and the bound, as the series thins
    expect(at[20_000]?.samples).toBeLessThanOrEqual(state.series.bound)
    expect(at[200_000]?.samples).toBeLessThanOrEqual(state.series.bound)
    expect(most.samples).toBeLessThanOrEqual(200_000 / 50)
    expect(state.grades).toBeLessThanOrEqual(60)
    expect(state.running.status).toBe('pass')
    console.log(`flat-memory: 200000 samples pushed; held at 20k: ${JSON.stringify(at[20_000])}, at 200k: ${JSON.stringify(at[200_000])}, most ${JSON.stringify(most)}, bound ${state.series.bound}, grades ${state.grades}`)
  })

  it('says collecting until a verdict is reached, then fails a steady rise and names RSS', () => {
    const state = new WatchState({ gradeEveryMs: 1000 })
    state.push(sample(0, 50 * MiB))
    expect(state.running.status).toBe('collecting')
    for (let i = 1; i <= 120; i++) state.push(sample(i * 500, 50 * MiB + i * MiB))
    expect(state.running.status).toBe('fail')
    expect(state.running.reason).toMatch(/^RSS/)
    expect(state.final().verdict?.status).toBe('fail')
  })

  it('grades every second until the series can be graded, then only every gradeEveryMs of sample time', () => {
    const state = new WatchState({ gradeEveryMs: 5000 })
    const graded = Array.from({ length: 21 }, (_, i) => state.push(sample(i * 1000, 50 * MiB)))
    // 0 and 1: too few samples after start-up for a verdict; 2 has one
    expect(graded.flatMap((g, i) => (g ? [i] : []))).toEqual([0, 1, 2, 7, 12, 17])
  })

  it("takes the changes from the level after start-up, not from the first sample's", () => {
    const state = new WatchState()
    state.push(sample(0, 20 * MiB, 1, 4)) // node has not loaded yet
    expect(state.baseline('rss')).toBeUndefined()
    expect(viewLines(state, 'title')[2]).toMatch(/^ {2}RSS {6}▁ +20\.0 MiB$/) // no change before a verdict
    for (let t = 100; t <= 6000; t += 100) state.push(sample(t, 45 * MiB + (t % 300) * 1024, 11, 18))
    expect(state.baseline('rss')).toBeGreaterThan(44 * MiB)
    expect(state.baseline('threads')).toBe(11)
    // within a MiB of the level after start-up, where the first sample would say +25 MiB
    expect(viewLines(state, 'title')[2]).toMatch(/ {2}[+-]0\.\d MiB, [+-]\d\.\d%$/)
    expect(heartbeatLine(state)).toMatch(/^\[0:00:06\] rss 45\.\d MiB \([+-]0\.\d MiB, [+-]\d\.\d%\), 11 threads \(\+0\), 18 fds \(\+0\); /)
  })

  it('has no verdict, and says why, with fewer than 2 samples', () => {
    const state = new WatchState()
    state.push(sample(0, 50 * MiB))
    expect(state.final().error).toMatch(/at least 2 measured samples/)
  })
})

describe('the watch view', () => {
  const fed = (n: number, step = 1000) => {
    const state = new WatchState({ gradeEveryMs: 5000 })
    for (let i = 0; i < n; i++) state.push(sample(i * step, 60 * MiB + (i % 5) * MiB, 11, 20))
    return state
  }

  it.each([
    [0, '0:00:00'],
    [61_500, '0:01:01'],
    [93_784_000, '26:03:04'],
  ])('clock(%d) is %s', (ms, text) => expect(clock(ms)).toBe(text))

  it('draws a line per metric the samples carry, with a sparkline, the value and the change, and the running verdict', () => {
    const lines = viewLines(fed(3), 'leakwatch watch: node app.js')
    expect(lines[0]).toBe('leakwatch watch: node app.js')
    expect(lines[1]).toBe('  0:00:02 elapsed, 3 samples')
    // the change since the level after start-up: the second sample's (61 MiB), not the first's
    expect(lines[2]).toMatch(/^ {2}RSS {6}▁\S\S +62\.0 MiB {2}\+1\.0 MiB, \+1\.6%$/)
    expect(lines[3]).toMatch(/^ {2}threads +▁▁▁ +11 {2}\+0$/)
    expect(lines[4]).toMatch(/^ {2}fds/)
    expect(lines[5]).toMatch(/^ {2}verdict: collecting/)
    expect(lines.some((l) => l.includes('JS heap'))).toBe(false)
  })

  it('narrows the sparklines in a narrow terminal, so that the value and the change still fit', () => {
    const state = fed(200) // 50 buckets of 4 samples
    const wide = viewLines(state, 'title')
    expect(wide[2]).toMatch(/^ {2}RSS {6}\S{50} +\d+\.\d MiB {2}[+-]\d+\.\d MiB, [+-]\d+\.\d%$/)
    for (const columns of [60, 80]) {
      const lines = viewLines(state, 'title', columns)
      for (const line of lines.slice(2, 5)) {
        expect(line.length, line).toBeLessThanOrEqual(columns - 1)
        expect(line).toMatch(/ {2}[+-]\d+(\.\d MiB, [+-]\d+\.\d%)?$/)
      }
    }
    expect(viewLines(state, 'title', 60)[2]).toMatch(/^ {2}RSS {6}\S{13} /)
  })

  it('on a terminal redraws in place: up over the lines it drew, erased, drawn again, never wider than the terminal', () => {
    const { io, stdout } = captureIo()
    const view = liveView(Object.assign(io.stdout, { columns: 40 }), 'title')
    const state = fed(1)
    view.update(state, true)
    state.push(sample(1000, 61 * MiB))
    view.update(state, true)
    const frames = stdout().split('\u001b[6F\u001b[J')
    expect(frames).toHaveLength(2)
    for (const line of (frames[1] as string).split('\n')) expect(line.length).toBeLessThanOrEqual(39)
  })

  it('without a terminal writes a line at the first sample and every 30 s of samples', () => {
    const { io, stdout } = captureIo()
    const view = heartbeatView(io.stdout)
    const state = new WatchState()
    for (let i = 0; i <= 95; i++) {
      view.update(state, state.push(sample(i * 1000, 60 * MiB)))
    }
    const lines = stdout().trim().split('\n')
    expect(lines.map((l) => l.slice(0, 9))).toEqual(['[0:00:00]', '[0:00:30]', '[0:01:00]', '[0:01:30]'])
    expect(lines[3]).toMatch(/^\[0:01:30\] rss 60\.0 MiB \(\+0\.0 MiB, \+0\.0%\), 11 threads \(\+0\), 20 fds \(\+0\); (PASS|collecting)/)
  })
})

describe('watch names and results', () => {
  it.each([
    [undefined, ['node', 'server.js'], 'watch-node-server.js', 'watch-node-server.js', 'node server.js'],
    [undefined, ['/usr/bin/node', '--expose-gc', '/srv/app/server.js', '--port', '80'], 'watch-node-server.js', 'watch-node-server.js', 'node --expose-gc /srv/app/server.js --port 80'],
    [undefined, ['node', '-e', 'setInterval(() => {}, 1000)'], 'watch-node', 'watch-node', 'node -e "setInterval(() => {}, 1000)"'],
    [1234, [], 'pid-1234', 'watch-1234', 'pid 1234'],
  ])('pid %s, command %j: scenario %s, samples file %s.ndjson', (pid, command, name, file, shown) => {
    expect(watchTarget(pid, command)).toMatchObject({ name, file, shown })
  })

  it('reports a watch as a run of one duration scenario in suite watch', () => {
    const state = new WatchState()
    for (let i = 0; i < 40; i++) state.push(sample(i * 1000, 60 * MiB))
    const verdict = state.final().verdict
    const report = watchRunReport({
      target: watchTarget(undefined, ['node', 'app.js']),
      startedAt: new Date(),
      durationMs: 40_000,
      intervalMs: 1000,
      interrupted: false,
      samplesFile: '/x/samples/watch-node-app.js.ndjson',
      ...(verdict ? { verdict } : {}),
    })
    expect(report).toMatchObject({
      schema: 'leakwatch/results@2',
      tool: { name: 'leakwatch' },
      interrupted: false,
      scale: 1,
      totals: { pass: 1, warn: 0, fail: 0, skip: 0, error: 0 },
      scenarios: [{ name: 'watch-node-app.js', suite: 'watch', status: 'pass', plan: { mode: 'duration', durationMs: 40_000 }, durationMs: 40_000 }],
    })
  })
})

describe('conclude: the verdict decides, unless a command failed before there was one', () => {
  const fed = (n: number) => {
    const state = new WatchState()
    for (let i = 0; i < n; i++) state.push(sample(i * 1000, 60 * MiB))
    return state
  }
  const crashed = { ending: 'exited', pid: 7, exit: { code: 3, signal: null } } as const

  it.each([
    ['a watch whose time was up', 40, { ending: 'duration', pid: 7 } as const, { status: 'pass', error: undefined, note: undefined }],
    ['a command that exited 0 after a verdict', 40, { ending: 'exited', pid: 7, exit: { code: 0, signal: null } } as const, { status: 'pass', error: undefined, note: undefined }],
    ['a command that failed after a verdict: a note', 40, crashed, { status: 'pass', error: undefined, note: 'app exited with code 3 after 39.0 s' }],
    ['a command that failed while the verdict was inconclusive: an error', 5, crashed, { status: 'warn', error: 'app exited with code 3 after 4.0 s, before there were enough samples for a verdict', note: undefined }],
    ['a command killed by a signal before 2 samples: an error', 1, { ending: 'exited', pid: 7, exit: { code: null, signal: 'SIGKILL' } } as const, { status: undefined, error: 'app was ended by SIGKILL after 0.0 s, before there were enough samples for a verdict', note: undefined }],
    ['a pid that ended before 2 samples: no verdict', 1, { ending: 'exited', pid: 7 } as const, { status: undefined, error: 'no verdict: a series needs at least 2 measured samples, got 1', note: undefined }],
  ])('%s', (_what, n, result, expected) => {
    const { verdict, error, note } = conclude(fed(n), result, 'app')
    expect({ status: verdict?.status, error, note }).toEqual(expected)
  })
})
