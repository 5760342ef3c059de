// Benchmark: the wall time of `leakwatch run --suite quick` on this machine, per scenario and
// in total, as a user runs it (the built bin). The guide's quick suite takes about 30 s;
// the target is under 20 s. Printed, never asserted.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'leakwatch-bench-'))
try {
  const started = performance.now()
  const run = spawnSync(process.execPath, [bin, 'run', '--suite', 'quick', '--reporter', 'json', '--out', out], { encoding: 'utf8' })
  const wallMs = performance.now() - started
  if (run.status !== 0) console.log(`note: leakwatch exited ${run.status}\n${run.stderr}`)
  const results = JSON.parse(readFileSync(join(out, 'leakwatch-results.json'), 'utf8'))
  console.log(`leakwatch run --suite quick (node ${process.version}, ${results.env.cpus} cpus)`)
  for (const s of results.scenarios) {
    console.log(`  ${s.name.padEnd(46)} ${(s.durationMs / 1000).toFixed(2).padStart(6)} s  ${s.status}`)
  }
  const verdict = wallMs < 20_000 ? 'target met' : 'TARGET MISSED'
  console.log(`  ${'total (wall, process start to exit)'.padEnd(46)} ${(wallMs / 1000).toFixed(2).padStart(6)} s  guide ~30 s, target < 20 s: ${verdict}`)
} finally {
  rmSync(out, { recursive: true, force: true })
}
