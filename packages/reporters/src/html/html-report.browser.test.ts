import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chartColours, findChromium } from '../../../../tools/chromium.js'
import { fixtureDiagnosis, fixtureRun } from './_fixtures.js'
import { htmlReporter } from './html-reporter.js'

const executable = findChromium()
const HOSTILE = '</script><img src=x onerror=alert(1)>'

if (!executable && process.env.LEAKWATCH_REQUIRE_REPORT_TOOLS === '1') throw new Error('LEAKWATCH_REQUIRE_REPORT_TOOLS=1, but no Chromium was found (apt-get install chromium, or set LEAKWATCH_CHROMIUM)')

describe.skipIf(!executable)(`the HTML report in Chromium (${executable ?? 'not found: set LEAKWATCH_CHROMIUM or put chromium on PATH'})`, () => {
  let dir: string
  let browser: Browser
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leakwatch-html-browser-'))
    browser = await chromium.launch({ executablePath: executable as string, args: ['--no-sandbox'] })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('draws every chart, runs nothing a scenario wrote, and asks the network for nothing', async () => {
    const run = fixtureRun(dir, [
      { name: 'bounded-cache', leakPerCycle: 0, cycles: 120 },
      { name: 'frame-cache', leakPerCycle: 128 * 1024, cycles: 150, planned: 100, diagnosis: fixtureDiagnosis(dir) },
      { name: HOSTILE, leakPerCycle: 0, cycles: 60 },
    ])
    const hostile = run.scenarios[2] as { description: string }
    hostile.description = '<img src=y onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    await htmlReporter({ stdout: process.stdout, outDir: dir }).onRunEnd?.(run)
    expect(run.scenarios.map((s) => s.status)).toEqual(['pass', 'fail', 'pass'])

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const problems: string[] = []
    const requests: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('dialog', async (d) => {
      problems.push(`dialog: ${d.message()}`)
      await d.dismiss()
    })
    page.on('request', (r) => requests.push(r.url()))
    await page.addInitScript(() => {
      const w = globalThis as unknown as { alert: () => void; __pwned?: unknown }
      w.alert = () => {
        w.__pwned = 'alert'
      }
    })
    await page.goto(pathToFileURL(join(dir, 'leakwatch-results.html')).href)
    await page.waitForSelector('body[data-charts-drawn]', { timeout: 15_000 })

    expect(await page.getAttribute('body', 'data-charts-drawn')).toBe('3')
    // each chart's canvas has a picture on it: many colours, not one
    const colours = await chartColours(page)
    expect(colours).toHaveLength(3)
    for (const n of colours) expect(n).toBeGreaterThan(20)

    // the hostile name is text, in the summary and in its section's heading
    expect(await page.locator('table.summary a').allTextContents()).toContain(HOSTILE)
    expect(await page.locator('#s-2 h2').textContent()).toContain(HOSTILE)
    expect(await page.locator('#s-2 .desc').textContent()).toContain('<script>window.__pwned=2</script>')
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined()
    expect(await page.locator('img').count()).toBe(0)
    // the "Where it grew" block and the extension mark of the leaky one
    expect(await page.locator('#s-1 pre').textContent()).toContain('FrameRecord +400 instances')
    expect(await page.locator('#s-1 .chart-legend').textContent()).toContain('planned end')

    expect(problems).toEqual([])
    expect(requests.length).toBeGreaterThan(0)
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([])
    await page.close()
  }, 60_000)
})
