import { EventEmitter } from 'node:events'
import { median, theilSenSlope } from './_trend.js'
import { badOption } from './errors.js'
import { decide } from './memory-monitor-rule.js'
import {
  formatMB,
  type MemoryCheck,
  type MemoryMonitorEvents,
  type MemoryWarning,
  recoveryMessage,
  warningMessage,
} from './memory-monitor-events.js'
import {
  type MemoryMonitorOptions,
  type ResolvedMemoryMonitorOptions,
  resolveMemoryMonitorOptions,
} from './memory-monitor-options.js'

/**
 * Production memory telemetry (the guide's `MemoryMonitor`): warns when memory keeps growing
 * over a baseline taken after warm-up, once per level, and says when it recovers. Its timer
 * never keeps the process alive.
 *
 * The rule, with the defaults: no warning during `warmupMs` (5 min); the baseline is the median
 * of the last `windowChecks` (5) readings at its end, so a GC peak does not set it. A check
 * warns when every one of the last 5 readings is more than `thresholdPct` (30 %) over the
 * baseline, i.e. their minimum is; a spike or a sawtooth whose troughs come back never does.
 * Then it warns again only when growth passes the next level (`stepPct`, 10 points: 40 %, 50 %, …),
 * and emits `'recovered'` once every one of the last 5 readings is below 25 %
 * (`thresholdPct − hysteresisPct`); after that a new rise warns from 30 % again.
 *
 * @example
 * const monitor = new MemoryMonitor({ warmupMs: 60_000 })
 *   .on('warning', (w) => log.warn(w.message))
 *   .on('recovered', (r) => log.info(r.message))
 *   .start()
 * deployer.on('done', () => monitor.rebaseline())
 * process.on('SIGTERM', () => monitor.stop())
 */
export class MemoryMonitor extends EventEmitter<MemoryMonitorEvents> {
  readonly thresholdPct: number
  readonly intervalMs: number
  readonly warmupMs: number
  readonly windowChecks: number
  readonly stepPct: number
  readonly hysteresisPct: number
  #measure: ResolvedMemoryMonitorOptions['measure']
  #now: ResolvedMemoryMonitorOptions['now']
  #startedAt: number
  #first: number
  /** The newest `windowChecks` readings, oldest first; `t` in ms of `now()`. */
  #window: { t: number; y: number }[] = []
  #baseline: number | undefined
  #current = 0
  #peak = 0
  #level: number | undefined
  #readingCount = 0
  #timer: NodeJS.Timeout | undefined

  constructor(options: MemoryMonitorOptions = {}) {
    super()
    const resolved = resolveMemoryMonitorOptions(options)
    this.thresholdPct = resolved.thresholdPct
    this.intervalMs = resolved.intervalMs
    this.warmupMs = resolved.warmupMs
    this.windowChecks = resolved.windowChecks
    this.stepPct = resolved.stepPct
    this.hysteresisPct = resolved.hysteresisPct
    this.#measure = resolved.measure
    this.#now = resolved.now
    if (resolved.onWarning) this.on('warning', resolved.onWarning)
    this.#startedAt = this.#now()
    this.#first = this.#read()
    // Nobody can listen yet, so this 'baseline' event goes unheard; `baseline` is set all the same.
    if (this.warmupMs === 0) this.#setBaseline(this.#first, 'warmup')
  }

  /** Where growth is measured from, bytes; undefined while warming up. */
  get baseline(): number | undefined {
    return this.#baseline
  }

  /** @deprecated Use `baseline`. The baseline, or while warming up the reading taken at construction. */
  get initial(): number {
    return this.#baseline ?? this.#first
  }

  /** The newest reading, bytes. */
  get current(): number {
    return this.#current
  }

  /** The highest reading since construction or the last `rebaseline()`, bytes. */
  get peak(): number {
    return this.#peak
  }

  /** True until the warm-up period has ended (or `rebaseline()` ended it early). */
  get warmingUp(): boolean {
    return this.#baseline === undefined
  }

  /** The last level warned about, percent (30, 40, …); undefined when no warning stands (none yet, or recovered, or rebaselined). */
  get level(): number | undefined {
    return this.#level
  }

  /** Readings taken since construction (the one at construction, every check and every `rebaseline()`). */
  get readings(): number {
    return this.#readingCount
  }

  /** Sustained growth over the baseline, percent: the window's lowest reading against it. Undefined while warming up. */
  get growthPct(): number | undefined {
    return this.#baseline === undefined ? undefined : this.#pct(Math.min(...this.#readings()))
  }

  /** Reads memory now; ends the warm-up when its time has come; warns or recovers by the rule above. */
  check(): MemoryCheck {
    this.#read()
    if (this.#baseline === undefined && this.#now() - this.#startedAt >= this.warmupMs) {
      this.#setBaseline(median(this.#readings()), 'warmup')
    }
    if (this.#baseline !== undefined) this.#judge(this.#baseline)
    return {
      current: this.#current,
      peak: this.#peak,
      baseline: this.#baseline,
      growthPct: this.growthPct,
      level: this.#level,
    }
  }

  /**
   * Takes a fresh reading as the new baseline (after a deploy, a config reload, a cache
   * resize), forgets the window, the peak and any standing warning level, and emits
   * `'baseline'`. Ends the warm-up if it was still running. Returns the new baseline, bytes.
   */
  rebaseline(): number {
    this.#window = []
    this.#peak = 0
    this.#level = undefined
    const reading = this.#read()
    this.#setBaseline(reading, 'rebaseline')
    return reading
  }

  /** Checks every `intervalMs` until `stop()`. A failed check emits `'error'` (or a process warning when nobody listens). */
  start(): this {
    this.#timer ??= setInterval(() => this.#tick(), this.intervalMs).unref()
    return this
  }

  /** Stops the timer; `check()` and `rebaseline()` still work. */
  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  #tick(): void {
    try {
      this.check()
    } catch (err) {
      // Telemetry must never take the app down: an 'error' event with no listener would throw.
      const error = err instanceof Error ? err : new Error(String(err))
      if (this.listenerCount('error') > 0) this.emit('error', error)
      else process.emitWarning(error)
    }
  }

  #read(): number {
    const y = this.#measure()
    if (!(Number.isFinite(y) && y > 0)) throw badOption(`measure() must return a number of bytes above 0, got ${String(y)}`)
    this.#current = y
    this.#readingCount++
    this.#peak = Math.max(this.#peak, y)
    this.#window.push({ t: this.#now(), y })
    if (this.#window.length > this.windowChecks) this.#window.shift()
    return y
  }

  #readings(): number[] {
    return this.#window.map((p) => p.y)
  }

  #pct(bytes: number): number {
    // × 100 before ÷: (140 − 100) / 100 × 100 would be 40.00000000000001, past a 40 % level
    return ((bytes - this.#baseline!) * 100) / this.#baseline!
  }

  #setBaseline(baseline: number, reason: 'warmup' | 'rebaseline'): void {
    this.#baseline = baseline
    const what = reason === 'warmup' ? 'after warm-up' : 'rebaselined'
    this.emit('baseline', { baseline, reason, message: `Memory baseline ${what}: ${formatMB(baseline)}` })
  }

  // A window with fewer than windowChecks readings still holds the reading the baseline came
  // from (or one below it), so its lowest cannot pass the threshold: only a full window warns.
  #judge(baseline: number): void {
    const readings = this.#readings()
    const lowest = Math.min(...readings)
    const highest = Math.max(...readings)
    const decision = decide(this.#pct(lowest), this.#pct(highest), this.#level, this)
    if (decision?.kind === 'warn') {
      this.#level = decision.level
      this.#warn(baseline, lowest, decision.level)
    } else if (decision?.kind === 'recover') {
      const fields = { growthPct: this.#pct(highest), level: this.#level!, baseline, highest, current: this.#current, peak: this.#peak }
      this.#level = undefined
      const below = this.thresholdPct - this.hysteresisPct
      this.emit('recovered', { ...fields, message: recoveryMessage(fields, this.windowChecks, below) })
    }
  }

  #warn(baseline: number, sustained: number, level: number): void {
    const growthPct = this.#pct(sustained)
    const slopePerMin = theilSenSlope(this.#window) * 60_000
    const fields = { growthPct, level, baseline, sustained, current: this.#current, peak: this.#peak, slopePerMin }
    const warning: MemoryWarning = { ...fields, message: warningMessage(fields, this.windowChecks), initial: baseline }
    if (this.listenerCount('warning') === 0) {
      process.emitWarning(warning.message, { code: 'LEAKWATCH_MEMORY_GROWTH' })
    }
    this.emit('warning', warning)
  }
}

export type { MemoryBaseline, MemoryCheck, MemoryMonitorEvents, MemoryRecovery, MemoryWarning } from './memory-monitor-events.js'
export type { MemoryMonitorOptions } from './memory-monitor-options.js'
