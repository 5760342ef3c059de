// A seeded PRNG (mulberry32), shared by the grader's synthetic series and the corpus programs:
// the same seed gives the same numbers on every machine and every run.

/** A function returning numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed = 1) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
