const BARS = '▁▂▃▄▅▆▇█'

/**
 * The whole run of one metric in at most `width` buckets, each the mean of the samples it
 * covers. When the buckets are full, neighbours merge pairwise and each bucket covers twice
 * as many samples: a watch of days holds `width` numbers, not one per sample, and its
 * sparkline still shows the run from the start.
 *
 * @example
 * const line = new Sparkline(60)
 * for (const s of samples) line.push(s.rss)
 * line.render() // '▁▁▂▂▃▄▅▆▇█'
 */
export class Sparkline {
  readonly width: number
  /** Raw samples per closed bucket: doubles at each merge. */
  #per = 1
  readonly #sums: number[] = []
  readonly #counts: number[] = []
  #seen = 0

  constructor(width = 60) {
    if (!(Number.isInteger(width) && width >= 2)) throw new RangeError(`a sparkline needs at least 2 buckets, got ${width}`)
    this.width = width
  }

  push(value: number): void {
    this.#seen++
    const last = this.#counts.length - 1
    if (last >= 0 && (this.#counts[last] as number) < this.#per) {
      this.#sums[last] = (this.#sums[last] as number) + value
      this.#counts[last] = (this.#counts[last] as number) + 1
      return
    }
    if (this.#counts.length === this.width) this.#merge()
    this.#sums.push(value)
    this.#counts.push(1)
  }

  /** Buckets held now: never more than `width`. */
  get buckets(): number {
    return this.#counts.length
  }

  /** Samples pushed in all. */
  get seen(): number {
    return this.#seen
  }

  /** Samples each full bucket covers. */
  get samplesPerBucket(): number {
    return this.#per
  }

  /** The buckets' means, oldest first. */
  values(): number[] {
    return this.#sums.map((sum, i) => sum / (this.#counts[i] as number))
  }

  /**
   * One bar per bucket, scaled from the lowest mean to the highest, or over at least
   * `minSpan`: noise on a flat line stays low bars instead of filling the scale. With a
   * `width` below the buckets held (a narrow terminal), neighbouring buckets are averaged
   * into at most `width` bars, each weighed by the samples it covers.
   */
  render(minSpan = 0, width = this.width): string {
    const n = this.#counts.length
    const group = Math.max(1, Math.ceil(n / Math.max(1, width)))
    const means: number[] = []
    for (let i = 0; i < n; i += group) {
      let sum = 0
      let count = 0
      for (let j = i; j < Math.min(n, i + group); j++) {
        sum += this.#sums[j] as number
        count += this.#counts[j] as number
      }
      means.push(sum / count)
    }
    return renderBars(means, minSpan)
  }

  #merge(): void {
    const sums: number[] = []
    const counts: number[] = []
    for (let i = 0; i < this.#counts.length; i += 2) {
      sums.push((this.#sums[i] as number) + (this.#sums[i + 1] ?? 0))
      counts.push((this.#counts[i] as number) + (this.#counts[i + 1] ?? 0))
    }
    this.#sums.splice(0, this.#sums.length, ...sums)
    this.#counts.splice(0, this.#counts.length, ...counts)
    this.#per *= 2
  }
}

/** Values as bars from ▁ (the lowest) to █ (the highest, or the lowest plus `minSpan`). */
export function renderBars(values: readonly number[], minSpan = 0): string {
  if (values.length === 0) return ''
  let low = Number.POSITIVE_INFINITY
  let high = Number.NEGATIVE_INFINITY
  for (const v of values) {
    low = Math.min(low, v)
    high = Math.max(high, v)
  }
  const span = Math.max(high - low, minSpan)
  return values.map((v) => BARS[span > 0 ? Math.min(BARS.length - 1, Math.floor(((v - low) / span) * BARS.length)) : 0]).join('')
}
