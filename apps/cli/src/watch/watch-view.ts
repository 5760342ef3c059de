import type { Sample } from '@leakwatch/contracts'
import { units } from '@leakwatch/grader'
import { escapeControl } from '@leakwatch/reporters'
import { METRICS, type MetricKey, type RunningVerdict, type WatchState } from './watch-state.js'

const { deltaMb, mb, pct } = units

/** Elapsed time as a clock: "0:00:07", "26:14:03". */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/** A metric's value: MiB for memory, a count for threads and fds. */
function value(key: MetricKey, n: number): string {
  return key === 'rss' || key === 'heap' ? mb(n) : String(n)
}

function change(key: MetricKey, now: number, base: number | undefined): string {
  if (base === undefined) return ''
  const d = now - base
  if (key === 'rss' || key === 'heap') return `${deltaMb(d)}${base > 0 ? `, ${pct((d * 100) / base)}` : ''}`
  return `${d >= 0 ? '+' : ''}${Math.round(d)}`
}

/** The running verdict in a few words: "collecting", or "FAIL: <first reason>". */
export function runningText(running: RunningVerdict): string {
  if (running.status === 'collecting') return 'collecting (not enough samples after start-up for a verdict yet)'
  return `${running.status.toUpperCase()}${running.reason ? `: ${escapeControl(running.reason)}` : ''}`
}

/** What a metric's line holds beside its bars: the label, the value and the change (`  RSS      … 46.7 MiB  +26.5 MiB, +129.7%`). */
const BESIDE_BARS = 2 + 8 + 1 + 2 + 11 + 2 + 20

/**
 * The live view's lines: a title, one line per metric the samples carry (a sparkline of the
 * run so far, the latest value, its change since the baseline) and the running verdict. In
 * a terminal `columns` wide the sparklines narrow so that the values still fit.
 */
export function viewLines(state: WatchState, title: string, columns = Number.POSITIVE_INFINITY): string[] {
  const latest = state.latest
  const lines = [title]
  if (!latest) return [...lines, '  waiting for the first sample…']
  const per = state.sparklines.rss.samplesPerBucket
  lines.push(`  ${clock(latest.t)} elapsed, ${state.series.seen} samples${per > 1 ? `; each bar is ${per} samples` : ''}`)
  for (const metric of METRICS) {
    const now = metric.read(latest)
    if (now === undefined) continue
    const line = state.sparklines[metric.key]
    // noise on a flat line stays low: the scale spans at least 1 % of the level, or 4 of a count
    const width = Math.max(8, Math.min(line.width, columns - 1 - BESIDE_BARS))
    const bars = line.render(metric.unit === 'bytes' ? now * 0.01 : 4, width)
    lines.push(`  ${metric.label.padEnd(8)} ${bars.padEnd(width)}  ${value(metric.key, now).padStart(11)}  ${change(metric.key, now, state.baseline(metric.key))}`.trimEnd())
  }
  const graded = state.running.at === undefined ? '' : `; graded at ${clock(state.running.at)}`
  lines.push(`  verdict: ${runningText(state.running)}${graded}`)
  return lines
}

/** The heartbeat line of a watch without a terminal. */
export function heartbeatLine(state: WatchState): string {
  const latest = state.latest as Sample
  const since = (key: MetricKey, now: number) => {
    const text = change(key, now, state.baseline(key))
    return text ? ` (${text})` : ''
  }
  const parts = [`rss ${mb(latest.rss)}${since('rss', latest.rss)}`]
  if (latest.heapUsed !== undefined) parts.push(`heap ${mb(latest.heapUsed)}`)
  if (latest.threads !== undefined) parts.push(`${latest.threads} threads${since('threads', latest.threads)}`)
  if (latest.handles !== undefined) parts.push(`${latest.handles} fds${since('fds', latest.handles)}`)
  return `[${clock(latest.t)}] ${parts.join(', ')}; ${runningText(state.running)}`
}

/** How a watch shows its progress: redrawn in place on a terminal, a line now and then elsewhere. */
export interface WatchView {
  /** After each sample; `graded` when the running verdict was graded again. */
  update(state: WatchState, graded: boolean): void
  /** Once, when sampling has ended: the last picture stays. */
  finish(state: WatchState): void
}

/**
 * Redraws the view in place: the cursor goes back up over the previous picture, which is
 * erased and drawn again. At most every `everyMs` of sample time, and whenever the verdict
 * changes. Lines are cut to the terminal's width, so none wraps and breaks the count.
 */
export function liveView(stdout: NodeJS.WritableStream & { columns?: number }, title: string, everyMs = 250): WatchView {
  let drawn = 0
  let lastAt = Number.NEGATIVE_INFINITY
  const draw = (state: WatchState) => {
    const width = Math.max(20, (stdout.columns || 100) - 1)
    const lines = viewLines(state, title, width + 1).map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line))
    stdout.write(`${drawn > 0 ? `\u001b[${drawn}F\u001b[J` : ''}${lines.join('\n')}\n`)
    drawn = lines.length
  }
  return {
    update(state, graded) {
      const t = state.latest?.t ?? 0
      if (!graded && t - lastAt < everyMs) return
      lastAt = t
      draw(state)
    },
    finish: draw,
  }
}

/** Without a terminal: a line at the first sample, then every `everyMs` of sample time, and at the end. */
export function heartbeatView(stdout: NodeJS.WritableStream, everyMs = 30_000): WatchView {
  let next = 0
  return {
    update(state) {
      const t = state.latest?.t ?? 0
      if (t < next) return
      next = t + everyMs
      stdout.write(`${heartbeatLine(state)}\n`)
    },
    finish(state) {
      if (state.latest) stdout.write(`${heartbeatLine(state)}\n`)
    },
  }
}
