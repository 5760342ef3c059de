#!/usr/bin/env node
// Checks a clean corpus program the way the corpus README describes: runs it through the CLI
// at scale 1 and at a longer scale (default 5), then prints each run's wall time, today's
// status and the per-layer levels of its after-GC checkpoints (flatness.mjs). Clean means:
// every layer levels off, the longer run ends at the same levels, counters come back.
//   node corpus/bench/check-clean.mjs <file.scenario.mjs>... [--scales 1,5]
// LEAKWATCH_CLI points at another build of the CLI (default: this checkout's).
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { flatness } from './flatness.mjs'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = process.env.LEAKWATCH_CLI ?? join(root, 'apps/cli/bin/leakwatch.js')
const args = process.argv.slice(2)
const at = args.indexOf('--scales')
const scales = at >= 0 ? args.splice(at, 2)[1].split(',').map(Number) : [1, 5]
const mb = (v) => (v === undefined ? '-' : `${(v / 1048576).toFixed(1)}M`)

for (const file of args) {
  for (const scale of scales) {
    const out = await mkdtemp(join(tmpdir(), 'leakwatch-check-'))
    const started = Date.now()
    await run(process.execPath, [cli, 'run', resolve(file), '--out', out, '--reporter', 'json', '--scale', String(scale), '--no-diagnose'], { maxBuffer: 1 << 26 }).catch(() => {})
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    const results = JSON.parse(await readFile(join(out, 'leakwatch-results.json'), 'utf8'))
    const scenario = results.scenarios[0]
    const lines = (await readFile(scenario.samplesFile, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l))
    const { cycles, checkpoints, rows } = flatness(lines)
    const memory = rows.filter((r) => !['threads', 'fds', 'resources'].includes(r.layer))
    const counters = rows.filter((r) => ['threads', 'fds', 'resources'].includes(r.layer))
    console.log(`${scenario.name} x${scale}: ${seconds}s, ${cycles} cycles, ${checkpoints} checkpoints, today: ${scenario.status}${scenario.status === 'error' ? ` (${scenario.verdict?.reasons?.[0] ?? scenario.error ?? ''})` : ''}`)
    console.log(`  ${memory.map((r) => `${r.layer} ${mb(r.base)}→${mb(r.third)}→${mb(r.end)} late ${r.lateGrowthPct >= 0 ? '+' : ''}${r.lateGrowthPct.toFixed(1)}%`).join(' | ')}`)
    console.log(`  ${counters.map((r) => `${r.layer} ${r.before}→[${r.base}..${r.end}]→${r.after}`).join(' | ')}`)
    await rm(out, { recursive: true, force: true })
  }
}
