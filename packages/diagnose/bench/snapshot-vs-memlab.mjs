// Benchmark: the heap-snapshot part of leakwatch's diagnosis against memlab on the same two
// snapshots of a ~300 MB heap (a big clean catalogue, and sessions leaking into a Map).
// Each side runs in a fresh process under /usr/bin/time -v, for its wall time and peak RSS;
// leakwatch twice, as it runs by default (one snapshot at a time) and with `parallel: true`.
// memlab runs as the issue measured it: `memlab find-leaks --trace-all-objects`, with the
// "after" snapshot as both target and final (everything allocated between the two and still
// alive is a leak candidate). Targets (issue 12): under a tenth of memlab's time and under
// half its peak memory, for the same answer.
// Env: HEAP_MB (300), CYCLES (600), KEEP=1 keeps the snapshots (and prints where), SNAPSHOTS=<that
// folder> compares kept snapshots again without writing new ones (V8 takes minutes to write them).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { build } from 'tsup'

const here = dirname(fileURLToPath(import.meta.url))
const HEAP_MB = Number(process.env.HEAP_MB ?? 300)
const CYCLES = Number(process.env.CYCLES ?? 600)
const reuse = process.env.SNAPSHOTS
const dir = reuse ?? mkdtempSync(join(tmpdir(), 'leakwatch-snapshot-bench-'))
const memlabWork = mkdtempSync(join(tmpdir(), 'leakwatch-memlab-'))

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`

/** Runs a command under /usr/bin/time -v: wall time, peak RSS (of the largest process), stdout. */
async function measured(args, { env } = {}) {
  const useTime = existsSync('/usr/bin/time')
  const [cmd, ...rest] = useTime ? ['/usr/bin/time', '-v', ...args] : args
  const start = performance.now()
  const child = spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise((resolve) => child.on('close', resolve))
  const ms = performance.now() - start
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1]
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1]
  const cpuMs = user === undefined || sys === undefined ? undefined : (Number(user) + Number(sys)) * 1000
  return { code, ms, cpuMs, peak: kb === undefined ? undefined : Number(kb) * 1024, stdout, stderr }
}

/** Our code, bundled from source so the bench needs no build of the package. */
async function bundleOurs() {
  const outDir = join(dir, 'bundle')
  await build({
    entry: { 'heap-snapshot': join(here, '../src/heap-snapshot/index.ts') },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    silent: true,
    config: false,
    noExternal: [/^@leakwatch\//],
    esbuildOptions(options) {
      options.conditions = ['@leakwatch/source']
    },
  })
  return join(outDir, 'heap-snapshot.js')
}

function memlabBin() {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('memlab/package.json')), 'bin', 'memlab')
  } catch {
    return undefined
  }
}

try {
  const bundle = await bundleOurs()
  let workload
  if (reuse !== undefined) workload = JSON.parse(readFileSync(join(dir, 'workload.json'), 'utf8'))
  else {
    console.log(`building a ~${HEAP_MB} MB heap and writing two snapshots ${CYCLES} cycles apart (V8 takes a while)…`)
    const built = await measured([process.execPath, '--expose-gc', '--max-old-space-size=8192', join(here, '_heap-builder.mjs'), dir, String(HEAP_MB), String(CYCLES)])
    if (built.code !== 0) throw new Error(`the heap builder failed: ${built.stderr.slice(-2000)}`)
    workload = JSON.parse(built.stdout.trim().split('\n').pop())
    writeFileSync(join(dir, 'workload.json'), JSON.stringify(workload))
  }
  const cycles = workload.cycles
  const before = join(dir, 'before.heapsnapshot')
  const after = join(dir, 'after.heapsnapshot')
  const { statSync } = await import('node:fs')
  const sizes = [statSync(before).size, statSync(after).size]

  const loadBefore = loadavg()[0]
  const runOurs = async (mode) => {
    const run = await measured([process.execPath, join(here, '_compare-one.mjs'), bundle, before, after, String(cycles), mode])
    if (run.code !== 0) throw new Error(`compareHeapSnapshots (${mode}) failed: ${run.stderr.slice(-2000)}`)
    return { ...run, result: JSON.parse(run.stdout.trim().split('\n').pop()) }
  }
  // The default (one snapshot at a time), and with the first parsed in a worker thread.
  const ours = await runOurs('sequential')
  const oursParallel = await runOurs('parallel')
  const result = ours.result
  const first = result.growths[0]

  const bin = memlabBin()
  let theirs
  if (bin !== undefined) {
    theirs = await measured(
      [process.execPath, '--expose-gc', '--max-old-space-size=8192', bin, 'find-leaks', '--baseline', before, '--target', after, '--final', after, '--trace-all-objects', '--work-dir', memlabWork],
      { env: { PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_SKIP_CHROMIUM_DOWNLOAD: '1' } },
    )
  }
  // memlab's answer: the top row of its "Alive objects allocated in target page" table.
  const memlabTop = theirs && /│\s*0\s*│\s*'([^']+)'/.exec(theirs.stdout)?.[1]
  const memlabNamesHolder = theirs !== undefined && /sessions/.test(theirs.stdout)

  console.log('')
  console.log(`heap snapshots: a ${mib(workload.heapBytes)} heap (${workload.catalog} clean catalogue items), ${workload.leaked} sessions leaked into a Map over ${cycles} cycles`)
  console.log(`  files ${mib(sizes[0])} + ${mib(sizes[1])}; V8 wrote them in ${secs(workload.writeMs[0])} + ${secs(workload.writeMs[1])}, peak RSS ${mib(workload.writerPeakRss)} (node ${process.version})`)
  console.log('')
  const row = (a, b, c, d, e) => console.log(`  ${a.padEnd(36)}${b.padStart(9)}${c.padStart(11)}${d.padStart(11)}   ${e}`)
  const cpu = (run) => (run.cpuMs === undefined ? '?' : secs(run.cpuMs))
  const answer = (g) => (g ? `${g.what} +${g.count} ${g.kind} held by ${g.retainers.join(' → ')}` : '(nothing)')
  row('', 'time', 'CPU', 'peak RSS', 'first answer')
  row('leakwatch (default)', secs(ours.ms), cpu(ours), ours.peak ? mib(ours.peak) : '?', answer(first))
  row('leakwatch (parallel: true)', secs(oursParallel.ms), cpu(oursParallel), oursParallel.peak ? mib(oursParallel.peak) : '?', answer(oursParallel.result.growths[0]))
  if (theirs === undefined) console.log('  memlab: not installed (pnpm add -D memlab in packages/diagnose)')
  else if (theirs.code !== 0) console.log(`  memlab find-leaks failed (exit ${theirs.code}) after ${secs(theirs.ms)}: ${theirs.stderr.slice(-500)}`)
  else {
    row('memlab find-leaks --trace-all-objects', secs(theirs.ms), cpu(theirs), theirs.peak ? mib(theirs.peak) : '?', `${memlabTop ?? '(no table)'}${memlabNamesHolder ? ' (a trace names sessions)' : ' (no trace names sessions)'}`)
    const timeRatio = ours.ms / theirs.ms
    const memRatio = ours.peak && theirs.peak ? ours.peak / theirs.peak : undefined
    const ratio = (a, b) => (a === undefined || b === undefined ? '?' : `${(a / b).toFixed(3)}×`)
    row('ratio, default / memlab', `${timeRatio.toFixed(3)}×`, ratio(ours.cpuMs, theirs.cpuMs), memRatio === undefined ? '?' : `${memRatio.toFixed(3)}×`, '')
    row('ratio, parallel / memlab', ratio(oursParallel.ms, theirs.ms), ratio(oursParallel.cpuMs, theirs.cpuMs), ratio(oursParallel.peak, theirs.peak), '')
    console.log('')
    const same = first !== undefined && first.what === memlabTop
    console.log(`  same leaking object named first: ${same ? 'yes' : 'no'} (leakwatch ${first?.what ?? '-'}, memlab ${memlabTop ?? '-'}); holder named by leakwatch: ${first?.retainers.some((r) => r.includes('sessions')) ? 'yes' : 'no'}, by memlab: ${memlabNamesHolder ? 'yes' : 'no'}`)
    console.log(`  targets: time under 0.1× ${timeRatio < 0.1 ? 'met' : 'MISSED'}; peak memory under 0.5× ${memRatio !== undefined && memRatio < 0.5 ? 'met' : 'MISSED'}`)
    console.log(`  load average (1 min) ${loadBefore.toFixed(1)} before the comparisons, ${loadavg()[0].toFixed(1)} after, on ${cpus().length} CPUs: other work on the machine slows all three alike`)
  }
  console.log('')
  console.log('  all growths (leakwatch):')
  for (const g of result.growths) console.log(`    ${g.what} +${g.count} ${g.kind} (${g.perCycle.toFixed(1)}/cycle, ${(g.bytes / 1024).toFixed(0)} KiB) ← ${g.retainers.join(' → ')}`)
} finally {
  rmSync(memlabWork, { recursive: true, force: true })
  if (process.env.KEEP === '1' || reuse !== undefined) console.log(`snapshots kept in ${dir} (SNAPSHOTS=${dir} compares them again)`)
  else rmSync(dir, { recursive: true, force: true })
}
