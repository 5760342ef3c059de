/** The median of the numbers (the mean of the middle two for an even count); NaN when empty. */
export function median(values: ArrayLike<number>): number {
  const n = values.length
  if (n === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const mid = n >> 1
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
