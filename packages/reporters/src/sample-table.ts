import type { Sample } from '@leakwatch/contracts'

const MB = 1024 * 1024
const COLUMNS = ['t (s)', 'rss MiB', '+MiB', 'cpu %', 'threads', 'fds'] as const
const WIDTH = 9

const cell = (text: string) => text.padStart(WIDTH)
const mb = (bytes: number) => (bytes / MB).toFixed(1)
const signed = (n: number, digits: number) => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`
// a field that was not measured shows as a dash, never as 0
const maybe = (n: number | undefined) => (n === undefined ? '–' : String(n))

/**
 * Formats samples as aligned rows for a terminal, as they arrive, and sums them up at the
 * end. Differences are against the first sample; CPU % is over the time since the previous one.
 *
 * @example
 * const table = new SampleTable()
 * process.stdout.write(table.header())
 * await watchProcess({ target: { pid }, durationMs: 10_000, onSample: (s) => process.stdout.write(table.row(s)) })
 * process.stdout.write(table.summary())
 */
export class SampleTable {
  #first: Sample | undefined
  #previous: Sample | undefined
  #last: Sample | undefined
  #peak = 0
  #count = 0

  header(): string {
    return `${COLUMNS.map(cell).join('')}\n`
  }

  row(sample: Sample): string {
    const first = (this.#first ??= sample)
    const previous = this.#previous
    this.#previous = this.#last = sample
    this.#peak = Math.max(this.#peak, sample.rss)
    this.#count++
    const dt = previous ? sample.t - previous.t : 0
    const cpu =
      previous && sample.cpu !== undefined && previous.cpu !== undefined && dt > 0
        ? (((sample.cpu - previous.cpu) / dt) * 100).toFixed(0)
        : '–'
    const cells = [
      (sample.t / 1000).toFixed(2),
      mb(sample.rss),
      signed((sample.rss - first.rss) / MB, 1),
      cpu,
      maybe(sample.threads),
      maybe(sample.handles),
    ]
    return `${cells.map(cell).join('')}\n`
  }

  /** One line: how many samples, and how memory, threads and fds moved from first to last. */
  summary(): string {
    const first = this.#first
    const last = this.#last
    if (!first || !last) return 'no samples taken\n'
    const growth = last.rss - first.rss
    const parts = [
      `${this.#count} samples over ${((last.t - first.t) / 1000).toFixed(1)} s: ` +
        `rss ${mb(first.rss)} → ${mb(last.rss)} MiB (${signed(growth / MB, 1)} MiB, ` +
        `${signed((growth / first.rss) * 100, 1)}%), peak ${mb(this.#peak)} MiB`,
    ]
    if (first.threads !== undefined && last.threads !== undefined) parts.push(`threads ${first.threads} → ${last.threads}`)
    if (first.handles !== undefined && last.handles !== undefined) parts.push(`fds ${first.handles} → ${last.handles}`)
    return `${parts.join('; ')}\n`
  }
}
