/**
 * How leakwatch writes bytes, percentages, durations and rates, in reasons and reports alike.
 * Bytes are binary: KiB is 1024 bytes and MiB 1024² (the guide's "MB" are read as MiB); no
 * report prints "MB".
 */
const MB = 1024 * 1024

/** Bytes as MiB with one decimal: "152.8 MiB". */
export const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MiB`

/** A signed byte delta as MB: "+7.5 MiB". */
export const deltaMb = (bytes: number) => `${bytes >= 0 ? '+' : '-'}${Math.abs(bytes / MB).toFixed(1)} MiB`

/** A signed byte delta in the unit that reads best: "+512 B", "+12.0 KiB", "+1.1 MiB". */
export function deltaBytes(bytes: number): string {
  const sign = bytes >= 0 ? '+' : '-'
  const abs = Math.abs(bytes)
  if (abs < 1024) return `${sign}${abs.toFixed(0)} B`
  return abs < MB ? `${sign}${(abs / 1024).toFixed(1)} KiB` : deltaMb(bytes)
}

/** A signed percentage: "+5.2%". */
export const pct = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`

/** A duration the way people say it: "45 s", "5.0 min", "1.5 h". */
export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`
  return `${(ms / 3_600_000).toFixed(1)} h`
}

/** A p-value, readable at any size: "p = 0.004", "p < 0.0001". */
export const pValue = (p: number) => (p < 0.0001 ? 'p < 0.0001' : `p = ${p.toPrecision(2)}`)

/** A rate of growth in the unit that suits the run: per second under 2 minutes, else per minute. */
export function rate(bytesPerSecond: number, durationMs: number): string {
  return durationMs < 120_000 ? `${deltaBytes(bytesPerSecond)}/s` : `${deltaMb(bytesPerSecond * 60)}/min`
}
