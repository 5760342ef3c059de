/** The median of the numbers (the mean of the middle two for an even count); NaN when empty. */
export function median(values: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(values))
}

/**
 * The median of `a`, reordering `a` as it goes: quickselect, O(n) on average, where a sort
 * would be O(n log n). Theil–Sen takes the median of up to ~180,000 pairwise slopes.
 */
export function medianInPlace(a: Float64Array): number {
  const n = a.length
  if (n === 0) return Number.NaN
  const mid = n >> 1
  const upper = select(a, mid)
  if (n % 2 === 1) return upper
  // select left everything before `mid` at or below a[mid]: the lower middle is their largest
  let lower = Number.NEGATIVE_INFINITY
  for (let i = 0; i < mid; i++) if ((a[i] as number) > lower) lower = a[i] as number
  return (lower + upper) / 2
}

/** Puts the k-th smallest value at index k (smaller ones before it, larger after) and returns it. */
function select(a: Float64Array, k: number): number {
  let lo = 0
  let hi = a.length - 1
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1] as number
    let i = lo
    let j = hi
    while (i <= j) {
      while ((a[i] as number) < pivot) i++
      while ((a[j] as number) > pivot) j--
      if (i <= j) {
        const tmp = a[i] as number
        a[i] = a[j] as number
        a[j] = tmp
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else break
  }
  return a[k] as number
}
