import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { XMLParser } from 'fast-xml-parser'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chartColours, findChromium } from '../../../tools/chromium.js'

// End to end, issue 13's "Done when": one run of a clean and a leaky scenario with every file
// reporter, under GitHub Actions' environment, through the built bin; then `report` renders
// the saved results again and merges two results files.
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const fixtures = fileURLToPath(new URL('./fixtures/reports/', import.meta.url))
const schema = fileURLToPath(new URL('../../../packages/reporters/schema/junit.xsd', import.meta.url))
const clean = join(fixtures, 'frame-cache-clean.scenario.mjs')
const leaky = join(fixtures, 'frame-cache-leaky.scenario.mjs')
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-reports-test-'))
const RUN_MS = 240_000
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0
const chromiumPath = findChromium()
if (!chromiumPath && process.env.LEAKWATCH_REQUIRE_REPORT_TOOLS === '1') throw new Error('LEAKWATCH_REQUIRE_REPORT_TOOLS=1, but no Chromium was found (apt-get install chromium, or set LEAKWATCH_CHROMIUM)')
if (!hasXmllint && process.env.LEAKWATCH_REQUIRE_REPORT_TOOLS === '1') throw new Error('LEAKWATCH_REQUIRE_REPORT_TOOLS=1, but xmllint was not found (apt-get install libxml2-utils)')

function leakwatch(args: string[], env: NodeJS.ProcessEnv = {}) {
  // GITHUB_* and CI from the machine running the tests must not leak into the runs
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && k !== 'FORCE_COLOR'))
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: RUN_MS, cwd: dir, env: { ...base, NO_COLOR: '1', ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  if (!existsSync(dist)) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before `test`)')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('leakwatch run --reporter console,json,junit,markdown,html under GITHUB_ACTIONS=true', () => {
  const out = join(dir, 'all')
  const summary = join(dir, 'step-summary.md')
  let result: ReturnType<typeof leakwatch>

  beforeAll(() => {
    writeFileSync(summary, '# an earlier step\n')
    result = leakwatch(['run', clean, leaky, '--out', out, '--reporter', 'console,json,junit,markdown,html'], {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_WORKSPACE: fixtures,
    })
  }, RUN_MS * 2)

  it('fails the run, and writes every report into the output folder', () => {
    expect(result.code, result.stderr).toBe(1)
    for (const ext of ['json', 'xml', 'md', 'html']) expect(existsSync(join(out, `leakwatch-results.${ext}`)), ext).toBe(true)
  })

  it('ends the console output with the table and names the failure', () => {
    expect(result.stdout).toMatch(/\n {2}frame-index-clean +PASS .*\n {2}frame-index-leaky +FAIL +\S/)
    expect(result.stdout).toMatch(/\nFailed \(1\):\n {2}frame-index-leaky: \S/)
    expect(result.stdout).not.toMatch(/[✅❌⚠⏳]/u) // not a terminal: no emoji
  })

  it.skipIf(!hasXmllint)('writes JUnit that the schema accepts, with a failure for the leaky scenario only', () => {
    const xml = join(out, 'leakwatch-results.xml')
    const check = spawnSync('xmllint', ['--noout', '--schema', schema, xml], { encoding: 'utf8' })
    expect(check.status, check.stderr).toBe(0)
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(xml, 'utf8'))
    const cases = [doc.testsuites.testsuite].flat().flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as Array<{ name: string; failure?: { message: string } }>
    expect(cases.map((c) => [c.name, c.failure !== undefined])).toEqual([
      ['frame-index-clean', false],
      ['frame-index-leaky', true],
    ])
    expect(doc.testsuites.failures).toBe('1')
  })

  it('writes Markdown with the summary table', () => {
    const md = readFileSync(join(out, 'leakwatch-results.md'), 'utf8')
    expect(md).toMatch(/\| frame-index-clean.* \| PASS \|/)
    expect(md).toMatch(/\| frame-index-leaky.* \| FAIL \|/)
  })

  it('writes one HTML file that names both scenarios and needs no network', () => {
    const html = readFileSync(join(out, 'leakwatch-results.html'), 'utf8')
    expect(html).toContain('frame-index-clean')
    expect(html).toContain('frame-index-leaky')
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/)
  })

  it.skipIf(!chromiumPath)('writes an HTML page that Chromium loads with no error and a chart drawn per scenario', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath as string, args: ['--no-sandbox'] })
    try {
      const page = await browser.newPage()
      const problems: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
      })
      page.on('pageerror', (e) => problems.push(e.message))
      page.on('request', (r) => {
        if (!r.url().startsWith('file://')) problems.push(`request ${r.url()}`)
      })
      await page.goto(`file://${join(out, 'leakwatch-results.html')}`)
      await page.waitForSelector('body[data-charts-drawn]', { timeout: 20_000 })
      expect(await page.getAttribute('body', 'data-charts-drawn')).toBe('2')
      const colours = await chartColours(page)
      expect(colours).toHaveLength(2)
      for (const n of colours) expect(n).toBeGreaterThan(20)
      expect(problems).toEqual([])
    } finally {
      await browser.close()
    }
  }, 60_000)

  it('annotates the leaky scenario as an error pointing into the scenario file, and appends the step summary', () => {
    const annotations = result.stdout.split('\n').filter((l) => l.startsWith('::'))
    expect(annotations).toHaveLength(1)
    expect(annotations[0]).toMatch(/^::error file=frame-cache-leaky\.scenario\.mjs(,line=\d+)?,title=[^:]*frame-index-leaky[^:]*::\S/)
    const text = readFileSync(summary, 'utf8')
    expect(text.startsWith('# an earlier step\n')).toBe(true)
    expect(text).toMatch(/\| frame-index-leaky.* \| FAIL \|/)
  })

  it('re-renders the saved results with any reporter, and exits 0 whatever the verdicts', () => {
    const html = join(dir, 'again', 'report.html')
    const r = leakwatch(['report', join(out, 'leakwatch-results.json'), '--reporter', `console,html=${html}`])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/\nFailed \(1\):\n {2}frame-index-leaky: /)
    expect(r.stdout).toMatch(/ {2}Cycle {2}300: /) // the checkpoints, read back from the samples file
    expect(readFileSync(html, 'utf8')).toContain('frame-index-leaky')
  })
})

describe('leakwatch report --merge', () => {
  it('joins two runs into one results file and report, and exits as one run would have', () => {
    // the reporters of the shards in the workflow `init` writes, without json: the results file is written anyway
    const a = leakwatch(['run', clean, '--out', join(dir, 'shard-1'), '--reporter', 'console,junit,markdown,html', '--no-diagnose'])
    const b = leakwatch(['run', leaky, '--out', join(dir, 'shard-2'), '--reporter', 'console,junit,markdown,html', '--no-diagnose'])
    expect([a.code, b.code]).toEqual([0, 1])
    const merged = join(dir, 'merged')
    const r = leakwatch(['report', '--merge', join(dir, 'shard-1', 'leakwatch-results.json'), join(dir, 'shard-2', 'leakwatch-results.json'), '--out', merged, '--reporter', 'console,markdown'])
    expect(r.code, r.stderr).toBe(1)
    const results = JSON.parse(readFileSync(join(merged, 'leakwatch-results.json'), 'utf8'))
    expect(results.scenarios.map((s: { name: string; status: string }) => `${s.name} ${s.status}`)).toEqual(['frame-index-clean pass', 'frame-index-leaky fail'])
    expect(results.totals).toEqual({ pass: 1, warn: 0, fail: 1, skip: 0, error: 0 })
    expect(readFileSync(join(merged, 'leakwatch-results.md'), 'utf8')).toMatch(/frame-index-clean[\s\S]*frame-index-leaky/)
    // the clean shard alone merges to a pass
    expect(leakwatch(['report', '--merge', join(dir, 'shard-1', 'leakwatch-results.json'), '--out', join(dir, 'merged-clean')]).code).toBe(0)
  }, RUN_MS * 2)
})

describe('bad input: one line, exit 2', () => {
  it.each([
    [['run', clean, '--reporter', 'pdf'], /^leakwatch: --reporter must be one of console, json, .*got 'pdf'\n$/],
    [['run', clean, '--reporter', 'console=out.txt'], /^leakwatch: --reporter console prints to the terminal and takes no path\n$/],
    [['run', clean, '--reporter', 'junit='], /^leakwatch: --reporter junit= needs a file after the '='/],
    [['report'], /^leakwatch: give one or more results files/],
    [['report', 'missing.json'], /^leakwatch: cannot read missing\.json: no such file\n$/],
    [['report', '--fail-on', 'warn', 'x.json'], /^leakwatch: --fail-on applies to --merge only/],
  ])('leakwatch %j', (args, message) => {
    const r = leakwatch(args as string[])
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)])
    expect(existsSync(join(dir, 'leakwatch-results'))).toBe(false) // nothing ran
  })

  it('names a file that is not a results file, and one that is not JSON', () => {
    writeFileSync(join(dir, 'other.json'), '{"schema": "something/else@1"}')
    writeFileSync(join(dir, 'broken.json'), '{"schema": ')
    expect(leakwatch(['report', 'other.json']).stderr).toBe('leakwatch: other.json: not a leakwatch results file this version reads (schema "something/else@1", expected "leakwatch/results@2")\n')
    expect(leakwatch(['report', 'broken.json']).stderr).toMatch(/^leakwatch: broken\.json: not valid JSON \(.+\)\n$/)
  })
})
