// A seeded PRNG (mulberry32): corpus programs make the same work on every run, so two runs of
// one scenario differ only by what the machine and the runtime do, never by their input.
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

/** An integer in [0, n). */
export const pick = (random, n) => Math.floor(random() * n)
