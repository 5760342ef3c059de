import { normalCdf } from './normal.js'

/** The Mann–Kendall test for a monotonic trend. */
export interface MannKendall {
  /** S: pairs that rise minus pairs that fall. */
  s: number
  /** Kendall's tau: S over the number of pairs, from -1 (always falling) to 1 (always rising). */
  tau: number
  /** The normal score of S, with the tie and continuity corrections. */
  z: number
  /** One-sided p-value for an upward trend: small when the values keep rising. */
  p: number
}

/**
 * Mann–Kendall on values in time order. It assumes independent noise; memory samples taken
 * close together are not, so callers thin dense series first and never rely on p alone.
 * O(n²).
 */
export function mannKendall(ys: ArrayLike<number>): MannKendall {
  const n = ys.length
  let s = 0
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) s += Math.sign((ys[j] as number) - (ys[i] as number))
  }
  const pairs = (n * (n - 1)) / 2
  let variance = n * (n - 1) * (2 * n + 5)
  for (const t of tieGroups(ys)) variance -= t * (t - 1) * (2 * t + 5)
  variance /= 18
  const z = variance <= 0 || s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance)
  return { s, tau: pairs === 0 ? 0 : s / pairs, z, p: 1 - normalCdf(z) }
}

/** Sizes of the groups of equal values (only groups of two or more matter). */
function tieGroups(ys: ArrayLike<number>): number[] {
  const counts = new Map<number, number>()
  for (let i = 0; i < ys.length; i++) counts.set(ys[i] as number, (counts.get(ys[i] as number) ?? 0) + 1)
  return [...counts.values()].filter((c) => c > 1)
}
