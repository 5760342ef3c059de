import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Sample } from '@leakwatch/contracts'
import { gradeSeries } from '@leakwatch/grader'
import { afterAll, describe, expect, it } from 'vitest'
import { jsonForScript } from './_escape.js'
import { fixtureRun, fixtureSamples } from './_fixtures.js'
import { htmlReporter } from './html-reporter.js'
import { renderHtml } from './render-html.js'

const dir = mkdtempSync(join(tmpdir(), 'leakwatch-html-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const HOSTILE = '</script><img src=x onerror="window.__pwned=1">\u2028&amp;<!--'

/** The text of the embedded JSON, and what it parses to. */
interface EmbeddedChart {
  name: string
  series: Array<{ key: string; xs: number[] }>
  warmup?: [number, number]
  teardown?: [number, number]
  fit?: { x0: number; x1: number }
  bands?: { baseline: number; warn: number; warnPct: number }
}
function embedded(html: string): { text: string; data: { charts: EmbeddedChart[] } } {
  const match = /<script type="application\/json" id="leakwatch-data">([\s\S]*?)<\/script>/.exec(html)
  if (!match) throw new Error('no embedded JSON')
  const text = match[1] as string
  return { text, data: JSON.parse(text) }
}

describe('renderHtml()', () => {
  const report = fixtureRun(dir, [
    { name: HOSTILE, leakPerCycle: 0, cycles: 40 },
    { name: 'leaky', leakPerCycle: 256 * 1024, cycles: 60 },
  ])
  ;(report.scenarios[1] as { description: string }).description = '<b>bold</b> & "quoted"'

  it('escapes a hostile scenario name in the HTML and in the embedded JSON', async () => {
    const html = await renderHtml(report, new Map([[HOSTILE, fixtureSamples({ name: HOSTILE, leakPerCycle: 0, cycles: 40 })]]))
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;')
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;')
    const { text, data } = embedded(html)
    expect(text).not.toMatch(/[<>&\u2028\u2029]/)
    expect(data.charts.map((c) => c.name)).toEqual([HOSTILE])
    // one </script> closes each of the three scripts, none more
    expect(html.match(/<\/script>/g)).toHaveLength(3)
  })

  it('writes < > & U+2028 U+2029 as \\u escapes that JSON.parse reads back', () => {
    const value = { s: '</script><!-- & \u2028\u2029 >' }
    const json = jsonForScript(value)
    expect(json).toBe('{"s":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}')
    expect(JSON.parse(json)).toEqual(value)
  })

  it('inlines uPlot and loads nothing: no src, no href, a CSP that allows only its own scripts', async () => {
    const html = await renderHtml(report, new Map())
    expect(html).toContain('uPlot')
    expect(html).toContain('.uplot')
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i)
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+' 'sha256-[^']+';/)
  })

  it('draws at most `points` per layer, from the first sample to the last', async () => {
    const samples: Sample[] = Array.from({ length: 20_000 }, (_, i) => ({ t: i * 1000, rss: 100e6 + (i % 97) * 1e5, heapUsed: 20e6 + i * 10, phase: 'measure' }))
    const { data } = embedded(await renderHtml(report, () => samples, { points: 500 }))
    expect(data.charts).toHaveLength(2)
    for (const chart of data.charts) {
      expect(chart.series.map((s) => s.key)).toEqual(['rss', 'heapUsed'])
      for (const s of chart.series) {
        expect(s.xs).toHaveLength(500)
        expect(s.xs[0]).toBe(0)
        expect(s.xs.at(-1)).toBe(19_999)
      }
    }
  })

  it("draws the late-slope fit and the warn level with the policy the run was graded with", async () => {
    const fixture = { name: 'leaky', leakPerCycle: 256 * 1024, cycles: 60 }
    const samples = fixtureSamples(fixture)
    const drawn = async (policy?: Parameters<typeof gradeSeries>[1]) => {
      const run = fixtureRun(dir, [fixture])
      const scenario = run.scenarios[0] as (typeof run.scenarios)[number]
      scenario.verdict = gradeSeries(samples, policy)
      const chart = embedded(await renderHtml(run, new Map([['leaky', samples]]))).data.charts[0]
      if (!chart?.fit || !chart.bands || !chart.warmup || !chart.teardown) throw new Error('no fit or bands drawn')
      const [from, to] = [chart.warmup[1], chart.teardown[0]]
      return { lateShare: (chart.fit.x1 - chart.fit.x0) / (to - from), floorMiB: ((chart.bands.warn - chart.bands.baseline) * 100) / chart.bands.warnPct }
    }
    const byDefault = await drawn()
    expect(byDefault.lateShare).toBeCloseTo(0.5, 1)
    // the JS heap decides; its own baseline (about 24 MiB) is above the default 4 MiB floor
    expect(byDefault.floorMiB).toBeGreaterThan(10)
    expect(byDefault.floorMiB).toBeLessThan(100)
    const custom = await drawn({ trend: { latePart: 0.25 }, memory: { minBaselineBytes: 1024 * 1024 * 1024 } })
    expect(custom.lateShare).toBeCloseTo(0.25, 1)
    expect(custom.floorMiB).toBeCloseTo(1024, 0)
  })

  it('says why there is no chart when the samples are missing or unreadable', async () => {
    const html = await renderHtml(report, (s) => (s.name === 'leaky' ? 'the samples file is missing' : Promise.reject(new Error('disk on fire'))))
    expect(html).toContain('No chart: the samples file is missing')
    expect(html).toContain('No chart: the samples could not be read: disk on fire')
    expect(embedded(html).data.charts).toEqual([])
  })
})

describe('htmlReporter()', () => {
  it('writes leakwatch-results.html from the samples files, with a note for a missing one', async () => {
    const run = fixtureRun(dir, [
      { name: 'clean', leakPerCycle: 0, cycles: 40 },
      { name: 'gone', leakPerCycle: 0, cycles: 40 },
    ])
    const gone = run.scenarios[1] as { samplesFile: string }
    gone.samplesFile = join(dir, 'no-such.ndjson')
    await htmlReporter({ stdout: process.stdout, outDir: join(dir, 'out') }).onRunEnd?.(run)
    const html = readFileSync(join(dir, 'out', 'leakwatch-results.html'), 'utf8')
    expect(html).toContain('No chart: the samples file is missing (')
    expect(embedded(html).data.charts.map((c) => c.name)).toEqual(['clean'])
    const own = join(dir, 'own', 'report.html')
    await htmlReporter({ stdout: process.stdout, outDir: dir, path: own }).onRunEnd?.(run)
    expect(readFileSync(own, 'utf8')).toMatch(/^<!doctype html>/)
  })
})
