import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import type { RunReport } from '@leakwatch/runner'
import { afterAll, describe, expect, it } from 'vitest'
import { diagnosis, HOSTILE, mixedReport, runReport, scenario, verdicts, withReason } from './_run-report.fixture.js'
import { githubReporter } from './github-reporter.js'
import { renderMarkdown } from './markdown.js'

const dir = mkdtempSync(join(tmpdir(), 'leakwatch-github-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function annotate(report: RunReport, env: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: '/app' }): Promise<string> {
  const stdout = new PassThrough()
  let text = ''
  stdout.on('data', (d: Buffer) => {
    text += d.toString()
  })
  await githubReporter({ stdout, outDir: dir, env }).onRunEnd?.(report)
  return text
}

// The workflow command rules for data: %, CR and LF are encoded. The grader's reasons hold '%'.
const data = (text: string) => text.replace(/%/g, '%25')

describe('githubReporter()', () => {
  it('writes an error per failing or erroring scenario and a warning per warn, on the diagnosed line, else in the scenario file', async () => {
    const lines = (await annotate(mixedReport())).split('\n')
    const leaky = [verdicts.leaky.reasons[0], ...verdicts.leaky.actions].map((l) => data(l as string)).join('%0A')
    const slow = [verdicts.slow.reasons[0], ...verdicts.slow.actions].map((l) => data(l as string)).join('%0A')
    expect(lines[0]).toBe(`::error file=src/cache.ts,line=42,title=leakwatch fail%3A leaky-cache (quick)::${leaky}`)
    expect(lines[1]).toBe('::error file=scenarios/crash.scenario.ts,title=leakwatch error%3A crashes (stress)::timeout after 2.0 s (possible deadlock)')
    expect(lines[2]?.startsWith('::error title=leakwatch fail%3A evil <b>&amp;</b> "q" \'a\' ]]> a|b\\u000aline2\\u000d\\u0001\\u001b[2J\\u0000 `x` *y* [l](u) %2525 a%3Ab%2Cc (custom ')).toBe(true)
    expect(lines[3]).toBe(`::warning title=leakwatch warn%3A slow-drip (stress)::${slow}`)
    expect(lines.slice(4)).toEqual([''])
  })

  it('keeps a hostile reason on its one line: control characters written out, % encoded', async () => {
    const text = await annotate(runReport([scenario('h', 'fail', { verdict: withReason(verdicts.leaky, HOSTILE) })]))
    expect(text.split('\n')).toHaveLength(2)
    expect(text).toContain('::evil <b>&amp;</b> "q" \'a\' ]]> a|b\\u000aline2\\u000d\\u0001\\u001b[2J\\u0000 `x` *y* [l](u) %2525 a:b,c%0A')
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/)
  })

  it('leaves the file out when neither a diagnosed site nor the scenario file is inside the workspace', async () => {
    const outside = scenario('outside', 'fail', { verdict: verdicts.leaky, diagnosis: diagnosis('/elsewhere/src/cache.ts') })
    expect(await annotate(runReport([outside]))).toMatch(/^::error title=leakwatch fail%3A outside \(quick\)::/)
    expect(await annotate(runReport([outside]), { GITHUB_WORKSPACE: '/elsewhere' })).toMatch(/^::error file=src\/cache.ts,line=42,title=/)
    const fromFile = { ...outside, file: '/elsewhere/leaks.scenario.ts' }
    expect(await annotate(runReport([fromFile]), { GITHUB_WORKSPACE: '/elsewhere/..' })).toMatch(/^::error file=elsewhere\/src\/cache.ts,line=42,title=/)
    expect(await annotate(runReport([{ ...fromFile, diagnosis: undefined }]), { GITHUB_WORKSPACE: '/elsewhere' })).toMatch(/^::error file=leaks.scenario.ts,title=/)
  })

  it('writes 10 annotations of a type at most, the 10th naming the rest', async () => {
    const failing = Array.from({ length: 12 }, (_, i) => scenario(`leak-${i}`, i % 2 === 0 ? 'fail' : 'error', { verdict: verdicts.leaky, error: 'crashed' }))
    const warning = Array.from({ length: 10 }, (_, i) => scenario(`drip-${i}`, 'warn', { verdict: verdicts.slow }))
    const lines = (await annotate(runReport([...failing, ...warning]))).trimEnd().split('\n')
    const errors = lines.filter((l) => l.startsWith('::error '))
    const warnings = lines.filter((l) => l.startsWith('::warning '))
    expect(errors).toHaveLength(10)
    expect(errors.slice(0, 9).map((l) => /%3A (leak-\d+)/.exec(l)?.[1])).toEqual(['leak-0', 'leak-1', 'leak-2', 'leak-3', 'leak-4', 'leak-5', 'leak-6', 'leak-7', 'leak-8'])
    expect(errors[9]).toBe('::error title=leakwatch%3A 3 more failing scenarios::…and 3 more failing scenarios: leak-9, leak-10, leak-11')
    // exactly 10 warnings fit: no summary
    expect(warnings).toHaveLength(10)
    expect(warnings.at(-1)).toContain('%3A drip-9 (quick)::')

    const eleven = Array.from({ length: 11 }, (_, i) => scenario(`drip-${i}`, 'warn', { verdict: verdicts.slow }))
    const more = (await annotate(runReport(eleven))).trimEnd().split('\n')
    expect(more).toHaveLength(10)
    expect(more[9]).toBe('::warning title=leakwatch%3A 2 more scenarios that warned::…and 2 more scenarios that warned: drip-9, drip-10')
  })

  it('writes nothing for a run that passed, and no summary without GITHUB_STEP_SUMMARY', async () => {
    expect(await annotate(runReport([scenario('ok', 'pass', { verdict: verdicts.clean }), scenario('later', 'skip', { skipped: 'no GPU' })]))).toBe('')
  })

  it('appends the Markdown summary to GITHUB_STEP_SUMMARY, after what other steps wrote', async () => {
    const summary = join(dir, 'step-summary.md')
    writeFileSync(summary, 'from an earlier step\n')
    const report = mixedReport('/app')
    const env = { GITHUB_WORKSPACE: '/app', GITHUB_STEP_SUMMARY: summary }
    await annotate(report, env)
    await annotate(runReport([scenario('second', 'pass', { verdict: verdicts.clean })]), env)
    const markdown = renderMarkdown(report, { root: '/app', maxBytes: 1_000_000 })
    expect(readFileSync(summary, 'utf8')).toBe(`from an earlier step\n${markdown}${renderMarkdown(runReport([scenario('second', 'pass', { verdict: verdicts.clean })]), { root: '/app' })}`)
    expect(markdown).toContain('at src/cache.ts:42:7 (capture)')
  })
})
