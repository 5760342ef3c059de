// What MemoryMonitor tells its listeners, and the one-line messages it writes for them.

/** The payload of a `'warning'` event: growth over the baseline has been sustained past a level. */
export interface MemoryWarning {
  /** Sustained growth over the baseline, percent: (`sustained` − `baseline`) / `baseline`. */
  growthPct: number
  /** The level crossed, percent: `thresholdPct`, then `thresholdPct + stepPct`, and so on. */
  level: number
  /** The baseline growth is measured from, bytes. */
  baseline: number
  /** The lowest reading of the window (every recent reading was at least this), bytes. */
  sustained: number
  /** The newest reading, bytes. */
  current: number
  /** The highest reading since construction or the last `rebaseline()`, bytes. */
  peak: number
  /** Theil–Sen slope of the window's readings, bytes per minute: > 0 while still rising. */
  slopePerMin: number
  /** One line, ready to log: "High memory growth: 34.2% (120.0 MiB → 161.0 MiB, …), trend +1.2 MiB/min". */
  message: string
  /** @deprecated Use `baseline`; kept for code written against the first MemoryMonitor. */
  initial: number
}

/** The payload of a `'recovered'` event: after a warning, every recent reading fell back low. */
export interface MemoryRecovery {
  /** Growth of the window's highest reading over the baseline, percent: below `thresholdPct − hysteresisPct`. */
  growthPct: number
  /** The last level warned about, percent. */
  level: number
  /** Bytes, as in `MemoryWarning`. */
  baseline: number
  /** The highest reading of the window, bytes. */
  highest: number
  current: number
  peak: number
  /** One line, ready to log: "Memory growth recovered: 12.0% (100.0 MiB → 112.0 MiB, the highest of the last 5 checks), below 25%". */
  message: string
}

/** The payload of a `'baseline'` event: where growth is measured from, from now on. */
export interface MemoryBaseline {
  /** Bytes. */
  baseline: number
  /** `'warmup'` when the warm-up period ended, `'rebaseline'` after `rebaseline()`. */
  reason: 'warmup' | 'rebaseline'
  /** One line, ready to log: "Memory baseline after warm-up: 120.0 MiB". */
  message: string
}

/** The events of a `MemoryMonitor`, for its typed `on`/`once`/`emit`. */
export interface MemoryMonitorEvents {
  warning: [warning: MemoryWarning]
  recovered: [recovery: MemoryRecovery]
  baseline: [baseline: MemoryBaseline]
  /** A check run by the timer failed (its `measure` threw); the monitor keeps checking. */
  error: [error: Error]
}

/** What `check()` returns: the state after that reading. */
export interface MemoryCheck {
  /** The reading just taken, bytes. */
  current: number
  peak: number
  /** Undefined while warming up. */
  baseline: number | undefined
  /** Sustained growth over the baseline, percent (the window's lowest reading); undefined while warming up. */
  growthPct: number | undefined
  /** The last level warned about, percent; undefined when none is standing. */
  level: number | undefined
}

const MB = 1024 * 1024

/** @internal "161.0 MiB". */
export function formatMB(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MiB`
}

/** @internal The one line of a `MemoryWarning`. */
export function warningMessage(w: Omit<MemoryWarning, 'message' | 'initial'>, windowChecks: number): string {
  const trend = Number.isFinite(w.slopePerMin)
    ? `, trend ${w.slopePerMin >= 0 ? '+' : '−'}${formatMB(Math.abs(w.slopePerMin))}/min`
    : ''
  return (
    `High memory growth: ${w.growthPct.toFixed(1)}% ` +
    `(${formatMB(w.baseline)} → ${formatMB(w.sustained)}, the lowest of the last ${windowChecks} checks)${trend}`
  )
}

/** @internal The one line of a `MemoryRecovery`. */
export function recoveryMessage(r: Omit<MemoryRecovery, 'message'>, windowChecks: number, belowPct: number): string {
  return (
    `Memory growth recovered: ${r.growthPct.toFixed(1)}% ` +
    `(${formatMB(r.baseline)} → ${formatMB(r.highest)}, the highest of the last ${windowChecks} checks), below ${belowPct}%`
  )
}
