// Benchmark: the cost of one full sample of another process (RSS, CPU, threads, open fds and
// their kinds) beside the same sample without fd kinds (what a sample was before they came:
// one readlink per fd) and one bare pidusage() call (RSS and CPU only), measured interleaved
// in one run so that all see the same machine noise. Target: a full sample costs at most half
// of pidusage.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import pidusage from 'pidusage'
import { sampleProcess } from '../dist/index.js'

const ROUNDS = Number(process.env.ROUNDS ?? 3000)
const WARMUP = 200

const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
await once(child, 'spawn')

async function time(fn) {
  const start = performance.now()
  await fn()
  return (performance.now() - start) * 1000 // µs
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const calls = {
  full: () => sampleProcess(child.pid),
  noKinds: () => sampleProcess(child.pid, { fdKinds: false }),
  bare: () => pidusage(child.pid),
}
const times = { full: [], noKinds: [], bare: [] }
const names = Object.keys(calls)
let fds
try {
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    // rotate which goes first, so none always runs on a warmer cache
    for (let k = 0; k < names.length; k++) {
      const which = names[(i + k) % names.length]
      const us = await time(calls[which])
      if (i >= WARMUP) times[which].push(us)
    }
  }
  // counted at the end: a node child opens most of its fds while it boots, during the warm-up
  fds = (await sampleProcess(child.pid)).handles
} finally {
  child.kill()
  pidusage.clear()
}

const f = median(times.full)
const n = median(times.noKinds)
const b = median(times.bare)
const ratio = f / b
console.log(`sampler: cost of one sample of another process with ${fds} fds (median of ${ROUNDS} interleaved calls, node ${process.version}, ${process.platform})`)
const row = (label, what, value) => console.log(`  ${label.padEnd(40)}${what.padEnd(34)}${value}`)
row('sampleProcess(pid)', 'rss, cpu, threads, fds, fd kinds', `${f.toFixed(1).padStart(7)} µs`)
row('sampleProcess(pid, { fdKinds: false })', 'rss, cpu, threads, fds', `${n.toFixed(1).padStart(7)} µs   (a sample before fd kinds)`)
row('  fd kinds add', '', `${(f - n).toFixed(1).padStart(7)} µs   (${((f - n) / fds).toFixed(1)} µs per fd: one readlink each)`)
row('pidusage(pid)', 'rss, cpu', `${b.toFixed(1).padStart(7)} µs`)
row('ratio full / pidusage', '', `${ratio.toFixed(2).padStart(7)}      (target ≤ 0.50: ${ratio <= 0.5 ? 'met' : 'MISSED'})`)
row('ratio without fd kinds / pidusage', '', `${(n / b).toFixed(2).padStart(7)}`)
