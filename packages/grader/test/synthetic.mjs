// Synthetic memory series, shared by the tests and the calibration benchmark (plain JS so
// that the benchmark runs on the built package without a TypeScript loader).

import { seededRandom as random } from '../../../tools/random.mjs'

export { random }

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
