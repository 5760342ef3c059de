// Synthetic memory series, shared by the tests and the calibration benchmark (plain JS so
// that the benchmark runs on the built package without a TypeScript loader).

/** A small seeded PRNG (mulberry32): the same seed gives the same series on every machine. */
export function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A measured series of `cycles + 1` checkpoints, one per cycle, `cycleMs` apart.
 * `shape(f)` is the growth over the baseline at fraction f of the run (0.05 = +5 %);
 * `noisePct` adds uniform noise of ± that many percent; `sawtoothPct` a GC-like sawtooth.
 */
export function syntheticSeries({
  cycles = 1000,
  cycleMs = 10,
  base = 150 * 2 ** 20,
  shape = () => 0,
  noisePct = 0,
  sawtoothPct = 0,
  seed = 1,
} = {}) {
  const rand = random(seed)
  const period = 20 + Math.floor(rand() * 60)
  const samples = []
  for (let cycle = 0; cycle <= cycles; cycle++) {
    const f = cycle / cycles
    const noise = (rand() * 2 - 1) * noisePct + ((cycle % period) / period) * sawtoothPct
    samples.push({ t: cycle * cycleMs, rss: base * (1 + shape(f) + noise / 100), cycle, phase: 'measure' })
  }
  return samples
}
