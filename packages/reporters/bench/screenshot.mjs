// The docs' picture of the HTML report: docs/images/html-report.png, a run of two scenarios
// (a cache that never evicts, with its diagnosis, and one with a bound) in Chromium at 1280
// px wide. Run again after changing the page: `node packages/reporters/bench/screenshot.mjs`.
// Env: LEAKWATCH_CHROMIUM (else chromium on PATH), OUT (another file).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { bundle } from './_bundle.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const out = process.env.OUT ?? join(root, 'docs', 'images', 'html-report.png')
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-html-shot-'))

try {
  const { reporters, fixtures, chromium: browsers } = await bundle()
  const executable = browsers.findChromium()
  if (!executable) throw new Error('no Chromium: set LEAKWATCH_CHROMIUM or put chromium on PATH')
  const project = '/home/dev/video-service'
  const run = fixtures.fixtureRun(dir, [
    { name: 'frame-cache', leakPerCycle: 96 * 1024, cycles: 300, planned: 200, diagnosis: fixtures.fixtureDiagnosis(project) },
    { name: 'bounded-cache', leakPerCycle: 0, cycles: 200 },
  ])
  run.scenarios[0].suite = 'video-service'
  run.scenarios[1].suite = 'video-service'
  // paths in "Where it grew" relative to the project, as a run from its folder shows them
  const html = join(dir, 'leakwatch-results.html')
  const samples = (s) => readFileSync(s.samplesFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
  writeFileSync(html, await reporters.renderHtml(run, samples, { root: project }))
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(pathToFileURL(html).href)
    await page.waitForSelector('body[data-charts-drawn="2"]')
    // the summary and the failing scenario, down to its "Where it grew"
    const bottom = await page.$eval('#s-1', (el) => el.getBoundingClientRect().top + window.scrollY)
    await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) } })
  } finally {
    await browser.close()
  }
  console.log(`${relative(process.cwd(), out)}: ${(statSync(out).size / 1024).toFixed(0)} KiB`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
