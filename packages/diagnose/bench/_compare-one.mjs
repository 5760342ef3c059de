// Runs compareHeapSnapshots once in a process of its own, so its time and peak memory are
// the comparison's alone. Prints one JSON line: the growths and the time.
// Usage: node _compare-one.mjs <bundle.mjs> <before> <after> <cycles> <parallel|sequential>
import { performance } from 'node:perf_hooks'

const [bundle, before, after, cycles, mode] = process.argv.slice(2)
const { compareHeapSnapshots } = await import(bundle)
const start = performance.now()
const growths = await compareHeapSnapshots(before, after, { cycles: Number(cycles), budgetBytes: 8 * 2 ** 30, parallel: mode === 'parallel' })
console.log(JSON.stringify({ ms: performance.now() - start, growths }))
