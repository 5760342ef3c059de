// leakwatch watch's own memory over a long watch, measured from outside: `leakwatch watch`
// samples an idle program as fast as it can (--interval 1) for --seconds (default 120), so that
// it takes about as many samples as a day at one a second, while this script samples the
// watch's own process every second and grades that series with leakwatch's own grader.
//
//   pnpm bench:watch [--seconds 120]
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { gradeSeries, watchProcess } from '../dist/index.js'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '120' } } })
const seconds = Number(values.seconds)
if (!(seconds >= 20)) {
  console.error('bench:watch: --seconds must be a number of at least 20')
  process.exit(2)
}
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'leakwatch-bench-watch-'))
const MiB = 2 ** 20

const watch = spawn(process.execPath, [bin, 'watch', '--interval', '1', '--duration', String(seconds), '--out', out, '--reporter', 'json', '--', process.execPath, '-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'ignore', 'inherit'] })
const own = []
const sampling = watchProcess({ target: { pid: watch.pid }, intervalMs: 1000, onSample: (s) => own.push(s) })
const code = await new Promise((resolve) => watch.on('exit', resolve))
await sampling
const results = JSON.parse(readFileSync(join(out, 'leakwatch-results.json'), 'utf8'))
const samplesFile = results.scenarios[0].samplesFile
const taken = readFileSync(samplesFile, 'utf8').split('\n').filter(Boolean).length
rmSync(out, { recursive: true, force: true })

const settled = own.filter((s) => s.t >= 10_000)
const rss = settled.map((s) => s.rss)
const verdict = gradeSeries(own)
const mib = (b) => `${(b / MiB).toFixed(1)} MiB`
console.log(`leakwatch watch --interval 1 for ${seconds} s (exit ${code}): ${taken.toLocaleString('en')} samples, as many as ${(taken / 3600).toFixed(1)} h at one a second`)
console.log(`its own RSS, sampled every second: ${mib(rss[0])} at 10 s, ${mib(rss.at(-1))} at the end, peak ${mib(Math.max(...rss))}`)
console.log(`its own series graded by leakwatch: ${verdict.status.toUpperCase()}${verdict.reasons[0] ? `: ${verdict.reasons[0]}` : ''}`)
