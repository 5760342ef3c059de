// Benchmark: the HTML report of a 24-hour run sampled every second (86,400 samples, 7 layers
// each). Prints the page's size (target: under 5 MB), the render time and the peak RSS of the
// process that renders it (a fresh one, reading the samples file as the reporter does), and
// how long Chromium takes to load the page and draw its chart.
// Env: HOURS (24), KEEP=1 keeps the files (and prints where).
import { spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { bundle } from './_bundle.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const HOURS = Number(process.env.HOURS ?? 24)
const N = Math.round(HOURS * 3600)
const MIB = 2 ** 20
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-html-bench-'))
const mib = (bytes) => `${(bytes / MIB).toFixed(1)} MiB`

/** A day of a service with a slow heap leak: GC sawtooth, a checkpoint every 5 minutes. */
async function writeSamples(file) {
  const out = createWriteStream(file)
  const checkpoints = []
  let seed = 11
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2
  const warmup = 600
  for (let i = 0; i < N; i++) {
    const phase = i < warmup ? 'warmup' : i >= N - 30 ? (i >= N - 10 ? 'after' : 'teardown') : 'measure'
    const leak = (Math.max(0, i - warmup) / N) * 40 * MIB
    const saw = ((i % 90) / 90) * 12 * MIB
    const heapUsed = 60 * MIB + leak + saw + noise() * MIB
    const s = {
      t: i * 1000,
      rss: 180 * MIB + leak * 1.2 + saw * 0.6 + noise() * 2 * MIB,
      heapUsed,
      heapTotal: heapUsed + 20 * MIB,
      external: 6 * MIB + noise() * 0.3 * MIB,
      arrayBuffers: 2 * MIB + noise() * 0.1 * MIB,
      nativeHeap: 25 * MIB + noise() * 0.5 * MIB,
      threads: 11 + (i % 3600 < 5 ? 1 : 0),
      phase,
    }
    if (phase === 'measure' && (i - warmup) % 300 === 0) {
      s.cycle = (i - warmup) / 300
      s.heapUsed = 60 * MIB + leak
      checkpoints.push(s)
    }
    if (!out.write(`${JSON.stringify(s)}\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return checkpoints
}

try {
  const { outDir, grader, chromium: browsers } = await bundle()
  const samplesFile = join(dir, 'day.ndjson')
  let t = performance.now()
  const checkpoints = await writeSamples(samplesFile)
  console.log(`samples: ${N.toLocaleString('en')} × 7 layers, ${mib(statSync(samplesFile).size)} of NDJSON (written in ${((performance.now() - t) / 1000).toFixed(1)} s)`)
  // the verdict as the runner grades it: on the measured checkpoints
  const verdict = grader.gradeSeries(checkpoints)
  const report = {
    schema: 'leakwatch/results@2',
    tool: { name: 'leakwatch', version: 'bench' },
    env: { node: process.version, platform: process.platform, arch: process.arch, cpus: 1, totalMemory: 0, ci: false },
    startedAt: new Date(0).toISOString(),
    durationMs: N * 1000,
    scale: 1,
    interrupted: false,
    scenarios: [{ name: 'service-24h', suite: 'bench', description: 'a day at one sample a second', params: {}, plan: { mode: 'duration', durationMs: (N - 630) * 1000, checkpointMs: 300_000, warmup: { ms: 600_000 }, timeoutMs: 2 ** 31 - 1, scale: 1 }, status: verdict.status, verdict, samplesFile, durationMs: N * 1000 }],
    totals: { pass: 0, warn: 0, fail: 0, skip: 0, error: 0, [verdict.status]: 1 },
  }
  const reportFile = join(dir, 'report.json')
  writeFileSync(reportFile, JSON.stringify(report))
  const html = join(dir, 'leakwatch-results.html')
  const child = spawnSync(process.execPath, [join(here, '_render-one.mjs'), outDir, reportFile, html], { encoding: 'utf8' })
  if (child.status !== 0) throw new Error(`render failed: ${child.stderr}`)
  const { ms, maxRss, baseRss } = JSON.parse(child.stdout)
  const size = statSync(html).size
  console.log(`verdict: ${verdict.status}${verdict.decidedBy ? ` (${verdict.decidedBy})` : ''}`)
  console.log(`page: ${(size / 1e6).toFixed(2)} MB (${mib(size)}) ${size < 5e6 ? 'under' : 'OVER'} the 5 MB target`)
  console.log(`render: ${ms.toFixed(0)} ms, peak RSS ${mib(maxRss)} (${mib(baseRss)} before rendering)`)

  const executable = browsers.findChromium()
  if (!executable) console.log('Chromium: not found (set LEAKWATCH_CHROMIUM), load time not measured')
  else {
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] })
    try {
      const loads = []
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
        const start = performance.now()
        await page.goto(pathToFileURL(html).href)
        await page.waitForSelector('body[data-charts-drawn="1"]')
        loads.push({ wall: performance.now() - start, inPage: await page.evaluate(() => performance.now()) })
        await page.close()
      }
      const best = loads.reduce((a, b) => (b.wall < a.wall ? b : a))
      console.log(`Chromium ${browser.version()}: loaded and drawn in ${best.wall.toFixed(0)} ms (best of 3: ${loads.map((l) => l.wall.toFixed(0)).join(', ')} ms; ${best.inPage.toFixed(0)} ms by the page's clock)`)
    } finally {
      await browser.close()
    }
  }
  if (size >= 5e6) process.exitCode = 1
} finally {
  if (process.env.KEEP) console.log(`kept: ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}
