import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { diagnosis, mixedReport, runReport, scenario, verdicts } from './_run-report.fixture.js'
import { escapeMarkdown, renderMarkdown } from './markdown.js'
import { markdownReporter } from './markdown-reporter.js'

const dir = mkdtempSync(join(tmpdir(), 'leakwatch-markdown-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')
/** The cells of a table row, split where GitHub splits them: at every `|` not escaped. */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim())
const tableRows = (md: string) => md.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Scenario') && !line.startsWith('| ---'))

describe('renderMarkdown()', () => {
  const md = renderMarkdown(mixedReport(), { root: '/app' })

  it('starts with the totals, then a row per scenario: status, deciding layer, growth, its late slope, time', () => {
    expect(md.split('\n')[0]).toBe('## leakwatch: 2 failed, 1 errored, 1 warned, 1 passed, 1 skipped (6 scenarios, 12 s)')
    expect(md).toContain('\n| Scenario | Status | Deciding layer | Growth | Late slope | Time |\n| --- | --- | --- | --- | --- | --- |\n')
    // 100 → 158 MiB of RSS (+58%); the JS heap, which decided, rose 0.2 MiB a checkpoint of 10 cycles
    expect(tableRows(md).slice(0, 5)).toEqual([
      '| leaky-cache (quick) | FAIL | JS heap | +58.0 MiB (+58.0%) | +20.5 KiB/cycle | 1.5 s |',
      '| clean-loop (quick) | PASS | - | +0.2 MiB (+0.2%) | - | 1.5 s |',
      '| slow-drip (stress) | WARN | JS heap | +8.7 MiB (+8.7%) | +3.1 KiB/cycle | 1.5 s |',
      '| crashes (stress) | ERROR | - | - | - | 1.5 s |',
      '| needs-opencv (video) | SKIP | - | - | - | 1.5 s |',
    ])
  })

  it('has a section per failing, erroring or warning scenario, with reasons, numbered actions and where it grew', () => {
    const headings = md.split('\n').filter((line) => line.startsWith('### '))
    expect(headings.map((h) => h.slice(0, 20))).toEqual(['### FAIL: leaky-cach', '### WARN: slow-drip ', '### ERROR: crashes (', '### FAIL: evil &lt;b'])
    const leaky = md.slice(md.indexOf('### FAIL: leaky'), md.indexOf('### WARN'))
    expect(leaky).toContain(`\n- ${escapeMarkdown(verdicts.leaky.reasons[0] as string)}\n`)
    expect(leaky).toContain(`\nActions:\n\n1. ${escapeMarkdown(verdicts.leaky.actions[0] as string)}\n2. `)
    // the diagnosis as formatDiagnosis prints it, its sites relative to the root
    expect(leaky).toContain('Where it grew:\n\n```text\nWhere it grew (a second, instrumented pass of 300 cycles):\n')
    expect(leaky).toContain('      at src/cache.ts:42:7 (capture)\n')
    expect(leaky).toContain('\n```\n\nSamples: /out/leaky-cache.ndjson\n')
    expect(md).toContain('**Error:** timeout after 2.0 s (possible deadlock)\n\nScenario file: /app/scenarios/crash.scenario.ts\n')
  })

  it('keeps a hostile name in its cell and on its line, with no HTML and no control characters left', () => {
    const hostile = tableRows(md).at(-1) as string
    expect(tableRows(md)).toHaveLength(6)
    expect(cells(hostile)).toHaveLength(6)
    expect(cells(hostile).slice(1)).toEqual(['FAIL', 'JS heap', '+58.0 MiB (+58.0%)', '+20.5 KiB/cycle', '1.5 s'])
    expect(cells(hostile)[0]).toContain('a\\|b\\\\u000aline2')
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/)
    expect(md).not.toContain('<')
    expect(md).toContain('evil &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;q&quot;')
    // each line of the document is one line of ours: none comes from the scenario's text
    expect(md.split('\n').filter((line) => line.includes('line2')).every((line) => line.includes('evil'))).toBe(true)
  })

  it.each([
    ['a|b', 'a\\|b'],
    ['<script>&', '&lt;script&gt;&amp;'],
    ['*bold* _it_ `code` [link](x) ~s~', '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~s\\~'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\\\u000alines'],
  ])('escapeMarkdown(%j) is %j', (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped)
  })

  it('fences the diagnosis with more backticks than it holds', () => {
    const d = diagnosis('/app/src/x.ts')
    d.findings[0] = { ...d.findings[0], summary: 'Map ``` +300' } as (typeof d.findings)[0]
    const text = renderMarkdown(runReport([scenario('fenced', 'fail', { verdict: verdicts.leaky, diagnosis: d })]), { root: '/app' })
    expect(text).toContain('Where it grew:\n\n````text\n')
    expect(text).toContain('Map ``` +300\n')
    expect(text).toContain('\n````\n\nSamples:')
  })

  it('says when the run was interrupted', () => {
    expect(renderMarkdown(runReport([], { interrupted: true }))).toContain('**The run was interrupted:** only the scenarios listed ran.')
  })

  describe('with maxBytes', () => {
    it('leaves everything in when it fits', () => {
      expect(renderMarkdown(mixedReport(), { root: '/app', maxBytes: bytes(md) })).toBe(md)
    })

    it('leaves whole sections out from the end, and says how many', () => {
      // room for the fail and warn sections and the closing line, not for the error's section
      const cut = md.indexOf('\n### ERROR')
      const maxBytes = bytes(md.slice(0, cut)) + 150
      const text = renderMarkdown(mixedReport(), { root: '/app', maxBytes })
      expect(bytes(text)).toBeLessThanOrEqual(maxBytes)
      expect(text).toBe(`${md.slice(0, cut)}\n_2 sections left out to stay within ${maxBytes} bytes; the results file has them all (\`--reporter json\`)._\n`)
    })

    it('leaves table rows out too when the table alone does not fit', () => {
      const maxBytes = bytes(md.slice(0, md.indexOf('| crashes'))) + 150
      const text = renderMarkdown(mixedReport(), { root: '/app', maxBytes })
      expect(bytes(text)).toBeLessThanOrEqual(maxBytes)
      expect(tableRows(text)).toHaveLength(3)
      expect(text).not.toContain('### ')
      expect(text).toMatch(/\n_3 table rows and 4 sections left out to stay within \d+ bytes; /)
    })

    it('stays under the step summary cap with many scenarios', () => {
      const many = Array.from({ length: 2000 }, (_, i) => scenario(`leaky-${i}`, 'fail', { verdict: verdicts.leaky, diagnosis: diagnosis('/app/src/cache.ts') }))
      const text = renderMarkdown(runReport(many), { root: '/app', maxBytes: 1_000_000 })
      expect(bytes(text)).toBeLessThanOrEqual(1_000_000)
      expect(tableRows(text)).toHaveLength(2000)
      const shown = text.split('\n').filter((line) => line.startsWith('### FAIL')).length
      expect(shown).toBeGreaterThan(100)
      expect(text).toContain(`\n_${2000 - shown} sections left out to stay within 1000000 bytes;`)
      // the last section shown is whole
      expect(text.slice(0, text.lastIndexOf('\n_')).trimEnd().endsWith('.ndjson')).toBe(true)
    })
  })
})

describe('markdownReporter()', () => {
  it('writes leakwatch-results.md in the out folder at the end of the run, or the path given', async () => {
    const out = join(dir, 'out')
    await markdownReporter({ stdout: process.stdout, outDir: out }).onRunEnd?.(mixedReport())
    expect(readdirSync(out)).toEqual(['leakwatch-results.md'])
    expect(readFileSync(join(out, 'leakwatch-results.md'), 'utf8')).toContain('## leakwatch: 2 failed')
    const path = join(dir, 'a', 'b', 'leaks.md')
    await markdownReporter({ stdout: process.stdout, outDir: out, path }).onRunEnd?.(runReport([]))
    expect(readFileSync(path, 'utf8')).toContain('## leakwatch: no scenarios (0 scenarios')
  })
})
