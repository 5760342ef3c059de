// Benchmark: the cost of one full sample of another process (RSS, CPU, threads, open fds)
// beside one bare pidusage() call (RSS and CPU only), measured interleaved in one run so
// that both see the same machine noise. Target: a full sample costs at most half.
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

const full = []
const bare = []
try {
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    // alternate which goes first, so neither always runs on a warmer cache
    const order = i % 2 === 0 ? ['full', 'bare'] : ['bare', 'full']
    for (const which of order) {
      const us = which === 'full' ? await time(() => sampleProcess(child.pid)) : await time(() => pidusage(child.pid))
      if (i >= WARMUP) (which === 'full' ? full : bare).push(us)
    }
  }
} finally {
  child.kill()
  pidusage.clear()
}

const f = median(full)
const b = median(bare)
const ratio = f / b
console.log(`sampler: cost of one sample of another process (median of ${ROUNDS} interleaved calls, node ${process.version}, ${process.platform})`)
console.log(`  sampleProcess(pid)  rss, cpu, threads, fds  ${f.toFixed(1).padStart(7)} µs`)
console.log(`  pidusage(pid)       rss, cpu                ${b.toFixed(1).padStart(7)} µs`)
console.log(`  ratio full / bare                           ${ratio.toFixed(2).padStart(7)}   (target ≤ 0.50: ${ratio <= 0.5 ? 'met' : 'MISSED'})`)
