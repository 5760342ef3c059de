// Calibration of the grader's trend refinements on synthetic series, printed, never asserted.
// Targets: over 1,000 noisy flat series at most 1 % warn or fail; a leak of 0.5 % of the
// baseline per 100 cycles over 1,000 cycles flagged (warn or fail) at least 95 % of the time.
import { gradeSeries } from '../dist/index.js'
import { syntheticSeries } from '../test/synthetic.mjs'

const RUNS = Number(process.env.RUNS ?? 1000)
const NOISE = [
  { name: 'uniform ±1 %, GC sawtooth 0.5 %', noisePct: 1, sawtoothPct: 0.5 },
  { name: 'uniform ±2 %, GC sawtooth 1 %', noisePct: 2, sawtoothPct: 1 },
  { name: 'uniform ±3 %', noisePct: 3, sawtoothPct: 0 },
]
const leak = (f) => 0.05 * f // 0.5 % of the baseline per 100 cycles, over 1,000 cycles

function rate(shape, noise) {
  let flagged = 0
  const started = performance.now()
  for (let seed = 1; seed <= RUNS; seed++) {
    const status = gradeSeries(syntheticSeries({ cycles: 1000, cycleMs: 10, shape, seed, ...noise })).status
    if (status === 'warn' || status === 'fail') flagged++
  }
  return { pct: (flagged / RUNS) * 100, msPerSeries: (performance.now() - started) / RUNS }
}

console.log(`grader calibration: ${RUNS} series of 1,000 cycles each, per noise model`)
console.log('  noise                              false warn (flat)   leak flagged   ms/series')
for (const noise of NOISE) {
  const flat = rate(() => 0, noise)
  const leaky = rate(leak, noise)
  const ok = flat.pct <= 1 && leaky.pct >= 95 ? 'targets met' : 'TARGET MISSED'
  console.log(
    `  ${noise.name.padEnd(34)} ${flat.pct.toFixed(1).padStart(6)} %  (≤ 1)   ${leaky.pct.toFixed(1).padStart(6)} % (≥ 95)   ${((flat.msPerSeries + leaky.msPerSeries) / 2).toFixed(2).padStart(6)}   ${ok}`,
  )
}
