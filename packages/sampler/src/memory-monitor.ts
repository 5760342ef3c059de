import { badInterval, badOption } from './errors.js'

const MB = 1024 * 1024

/** What `MemoryMonitor` hands its warning callback. */
export interface MemoryWarning {
  /** Growth over the initial reading, percent. */
  growthPct: number
  initial: number
  current: number
  peak: number
  /** One line, ready to log: "High memory growth: 34.2% (120.0 MB → 161.0 MB)". */
  message: string
}

export interface MemoryMonitorOptions {
  /** Warn when growth over the initial reading passes this percentage. Default 30. */
  thresholdPct?: number
  /** Milliseconds between checks once started. Default 60,000. */
  intervalMs?: number
  /** Called on every check above the threshold. Default: `process.emitWarning`. */
  onWarning?: (warning: MemoryWarning) => void
  /** Reads the memory to watch, bytes. Default: this process's RSS. */
  measure?: () => number
}

/**
 * Production memory telemetry: remembers the initial, current and peak resident memory
 * and warns when growth passes a threshold. Its timer never keeps the process alive.
 *
 * @example
 * const monitor = new MemoryMonitor({ onWarning: (w) => logger.warn(w.message) }).start()
 * // later, on shutdown
 * monitor.stop()
 */
export class MemoryMonitor {
  readonly thresholdPct: number
  readonly intervalMs: number
  readonly initial: number
  #current: number
  #peak: number
  #measure: () => number
  #onWarning: (warning: MemoryWarning) => void
  #timer: NodeJS.Timeout | undefined

  constructor(options: MemoryMonitorOptions = {}) {
    const { thresholdPct = 30, intervalMs = 60_000, measure = () => process.memoryUsage.rss() } = options
    if (!(Number.isFinite(thresholdPct) && thresholdPct > 0)) {
      throw badOption(`thresholdPct must be a number above 0, got ${String(thresholdPct)}`)
    }
    if (!(Number.isSafeInteger(intervalMs) && intervalMs >= 1)) throw badInterval(intervalMs, 'intervalMs')
    this.thresholdPct = thresholdPct
    this.intervalMs = intervalMs
    this.#measure = measure
    this.#onWarning =
      options.onWarning ?? ((w) => process.emitWarning(w.message, { code: 'LEAKWATCH_MEMORY_GROWTH' }))
    this.initial = measure()
    this.#current = this.initial
    this.#peak = this.initial
  }

  get current(): number {
    return this.#current
  }

  get peak(): number {
    return this.#peak
  }

  /** Growth of the current reading over the initial one, percent. */
  get growthPct(): number {
    return ((this.#current - this.initial) / this.initial) * 100
  }

  /** Reads memory now, updates current and peak, warns if past the threshold. */
  check(): { current: number; peak: number; growthPct: number } {
    this.#current = this.#measure()
    this.#peak = Math.max(this.#peak, this.#current)
    const growthPct = this.growthPct
    if (growthPct > this.thresholdPct) {
      const message =
        `High memory growth: ${growthPct.toFixed(1)}% ` +
        `(${(this.initial / MB).toFixed(1)} MB → ${(this.#current / MB).toFixed(1)} MB)`
      this.#onWarning({ growthPct, initial: this.initial, current: this.#current, peak: this.#peak, message })
    }
    return { current: this.#current, peak: this.#peak, growthPct }
  }

  /** Checks every `intervalMs` until `stop()`. */
  start(): this {
    if (!this.#timer) this.#timer = setInterval(() => this.check(), this.intervalMs).unref()
    return this
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }
}
