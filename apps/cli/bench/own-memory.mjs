// Benchmark: leakwatch's own peak RSS (VmHWM of the leakwatch process, read from /proc while it
// runs) for
//   (a) leakwatch sample --interval 50 --duration 600 -- node -e '<idle>'   (10 minutes)
//   (b) leakwatch grade <a generated 1 GB NDJSON series>                    (~7M lines)
// with the target beside each figure: under 100 MB for both. Printed, never asserted.
//
//   node bench/own-memory.mjs [--minutes 10] [--gb 1] [--only sample|grade]
//
// It runs the built bin (pnpm build first). The series is written to a temp folder and
// deleted afterwards. Linux only (/proc).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const TARGET_MB = 100
const MiB = 2 ** 20
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, gb: { type: 'string', default: '1' }, only: { type: 'string' } } })
const minutes = Number(values.minutes)
const gb = Number(values.gb)
if (!(minutes > 0) || !(gb > 0)) throw new Error('--minutes and --gb must be numbers above 0')
if (!existsSync('/proc/self/status')) {
  console.log('own-memory: needs /proc (Linux); nothing measured')
  process.exit(0)
}

/** VmRSS and VmHWM (peak RSS) of a pid, bytes; undefined once it has exited. */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024
    return { rss: kb('VmRSS'), peak: kb('VmHWM') }
  } catch {
    return undefined
  }
}

/** Runs leakwatch with `args`, reading its memory every `everyMs` until it exits. */
async function measure(args, everyMs = 500) {
  const started = performance.now()
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    if (stdout.length < 1e6) stdout += d // a table of 12,000 rows is read and dropped, as a terminal would
  })
  child.stderr.on('data', (d) => {
    stderr += d
  })
  const readings = []
  const timer = setInterval(() => {
    const m = memoryOf(child.pid)
    if (m) readings.push({ at: performance.now() - started, ...m })
  }, everyMs)
  const [code] = await once(child, 'exit')
  clearInterval(timer)
  const peak = Math.max(0, ...readings.map((r) => r.peak))
  return { code, stdout, stderr, readings, peak, seconds: (performance.now() - started) / 1000 }
}

const mb = (bytes) => `${(bytes / MiB).toFixed(1)} MB`
const verdict = (bytes) => `target < ${TARGET_MB} MB: ${bytes < TARGET_MB * MiB ? 'met' : 'MISSED'}`

/** RSS a little after start-up and at the end: flat own memory means these are close. */
function growth(readings, afterMs) {
  const start = readings.find((r) => r.at >= afterMs) ?? readings[0]
  const end = readings.at(-1)
  return start && end ? `RSS ${mb(start.rss)} at ${(start.at / 1000).toFixed(0)} s → ${mb(end.rss)} at the end` : 'no readings'
}

async function benchSample() {
  const seconds = Math.round(minutes * 60)
  const idle = 'setInterval(() => {}, 1000)'
  console.log(`(a) leakwatch sample --interval 50 --duration ${seconds} -- node -e '${idle}'  (${minutes} min, ${seconds * 20} samples)`)
  const run = await measure(['sample', '--interval', '50', '--duration', String(seconds), '--', process.execPath, '-e', idle])
  if (run.code !== 0) console.log(`    note: leakwatch exited ${run.code}: ${run.stderr.trim().split('\n').at(-1)}`)
  console.log(`    peak RSS of leakwatch (VmHWM) ${mb(run.peak).padStart(9)}   ${verdict(run.peak)}`)
  console.log(`    ${growth(run.readings, 10_000)}; ${run.seconds.toFixed(0)} s`)
}

/**
 * A scenario run as `leakwatch run` records it, about `bytes` long: the parent's samples every
 * 50 ms (RSS, threads, fds by kind, CPU) and 200 of the child's checkpoints, a slow heap leak.
 */
async function writeSeries(file, bytes) {
  const out = createWriteStream(file)
  const parent = (t, rss, phase) => JSON.stringify({ t, rss, threads: 13, handles: 28, fdKinds: { file: 2, socket: 3, pipe: 13, other: 10 }, cpu: Math.round(t / 3), phase })
  const lines = Math.round(bytes / (parent(12_345_678.901, 98_765_432, 'measure').length + 1))
  const checkpointEvery = Math.floor(lines / 200)
  let batch = []
  for (let i = 0; i < lines; i++) {
    const t = i * 50 + (i % 997) / 1000 // the parent's clock, in ms with a fraction as it records it
    const phase = i < lines * 0.01 ? 'warmup' : i > lines - 20 ? 'teardown' : 'measure'
    const heap = 6 * MiB + (i / lines) * 20 * MiB
    const rss = Math.round(70 * MiB + heap + ((t / 1000) % 3) * MiB + (i % 13) * 4096)
    if (phase === 'measure' && i % checkpointEvery === 0) {
      batch.push(JSON.stringify({ t: t + 1, rss, heapUsed: Math.round(heap), heapTotal: Math.round(heap + 4 * MiB), external: 2 * MiB, nativeHeap: 6 * MiB, threads: 13, handles: 28, resources: 5, phase, cycle: i / checkpointEvery }))
    }
    batch.push(parent(t, rss, phase))
    if (batch.length >= 10_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain')
      batch = []
    }
  }
  batch.push(JSON.stringify({ t: lines * 50, rss: 60 * MiB, heapUsed: 6 * MiB, threads: 11, handles: 20, resources: 3, phase: 'after' }))
  out.end(`${batch.join('\n')}\n`)
  await once(out, 'finish')
  return lines
}

async function benchGrade() {
  const dir = mkdtempSync(join(tmpdir(), 'leakwatch-own-memory-'))
  try {
    const file = join(dir, 'series.ndjson')
    const lines = await writeSeries(file, gb * 1024 ** 3)
    const size = statSync(file).size
    console.log(`(b) leakwatch grade series.ndjson  (${(size / 1024 ** 3).toFixed(2)} GB, ${(lines / 1e6).toFixed(1)}M lines)`)
    const run = await measure(['grade', file, '--format', 'json'])
    const status = run.code === 0 || run.code === 1 ? JSON.parse(run.stdout).status : `exit ${run.code}: ${run.stderr.trim()}`
    console.log(`    peak RSS of leakwatch (VmHWM) ${mb(run.peak).padStart(9)}   ${verdict(run.peak)}`)
    console.log(`    verdict ${status}; ${run.seconds.toFixed(0)} s, ${(size / MiB / run.seconds).toFixed(0)} MB/s`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

console.log(`leakwatch's own memory (node ${process.version})`)
if (values.only !== 'grade') await benchSample()
if (values.only !== 'sample') await benchGrade()
