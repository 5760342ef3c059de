import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { XMLParser } from 'fast-xml-parser'
import { afterAll, describe, expect, it } from 'vitest'
import { HOSTILE, mixedReport, runReport, scenario, verdicts } from './_run-report.fixture.js'
import { renderJunit } from './junit.js'
import { junitReporter } from './junit-reporter.js'

const dir = mkdtempSync(join(tmpdir(), 'leakwatch-junit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const schema = fileURLToPath(new URL('../schema/junit.xsd', import.meta.url))
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0
if (!hasXmllint && process.env.LEAKWATCH_REQUIRE_REPORT_TOOLS === '1') throw new Error('LEAKWATCH_REQUIRE_REPORT_TOOLS=1, but xmllint was not found (apt-get install libxml2-utils)')

// arrays where the format allows several, so the assertions do not depend on how many there are
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  // character references (&#10;) decoded too
  htmlEntities: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['testsuite', 'testcase', 'property', 'failure', 'error', 'skipped', 'system-out'].includes(name),
})

interface Property { name: string; value: string }
interface Testcase { name: string; file?: string; classname: string; time: string; failure?: Array<{ message: string; type: string; '#text'?: string }>; error?: Array<{ message: string; type: string; '#text'?: string }>; skipped?: Array<{ message: string }>; 'system-out': string[]; properties: { property: Property[] } }
interface Testsuite { name: string; tests: string; failures: string; errors: string; skipped: string; time: string; timestamp: string; testcase: Testcase[]; properties: { property: Property[] } }

function parse(xml: string) {
  return parser.parse(xml) as { testsuites: { name: string; tests: string; failures: string; errors: string; skipped: string; time: string; timestamp: string; testsuite: Testsuite[] } }
}

function testcases(xml: string): Testcase[] {
  return parse(xml).testsuites.testsuite.flatMap((s) => s.testcase)
}

const props = (t: Testcase) => Object.fromEntries(t.properties.property.map((p) => [p.name, p.value]))

function validate(xml: string, name: string) {
  const file = join(dir, name)
  writeFileSync(file, xml)
  return spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' })
}

describe('renderJunit()', () => {
  const xml = renderJunit(mixedReport(), { root: '/app' })

  it('writes a testsuite per suite, with its counts, and the totals on testsuites', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true)
    const { testsuites } = parse(xml)
    expect(testsuites).toMatchObject({ name: 'leakwatch', tests: '6', failures: '2', errors: '1', skipped: '1', time: '12.345', timestamp: '2026-01-02T03:04:05.678Z' })
    expect(testsuites.testsuite.map((s) => [s.name, s.tests, s.failures, s.errors, s.skipped, s.time])).toEqual([
      ['quick', '2', '1', '0', '0', '3.000'],
      ['stress', '2', '0', '1', '0', '3.000'],
      ['video', '1', '0', '0', '1', '1.500'],
      [`custom ${HOSTILE.replace(/[\u0000\u0001\u001b]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`, '1', '1', '0', '0', '1.500'],
    ])
    expect(Object.fromEntries(testsuites.testsuite[0]?.properties.property.map((p) => [p.name, p.value]) ?? [])).toMatchObject({ 'leakwatch.version': '0.1.0', node: 'v20.20.0' })
  })

  it('writes a testcase per scenario: a fail is a failure typed by the deciding layer, with reasons, actions and where it grew', () => {
    const [leaky, clean] = testcases(xml)
    expect(leaky).toMatchObject({ name: 'leaky-cache', classname: 'leakwatch.quick', time: '1.500' })
    const failure = leaky?.failure?.[0]
    expect(failure?.message).toBe(verdicts.leaky.reasons[0])
    expect(failure?.type).toBe('heap')
    expect(failure?.['#text']).toContain(`- ${verdicts.leaky.reasons[1]}`)
    expect(failure?.['#text']).toContain(`Actions:\n  1. ${verdicts.leaky.actions[0]}`)
    expect(failure?.['#text']).toContain('FrameRecord +300 (1.0 per cycle)')
    expect(props(leaky as Testcase)).toEqual({ 'leakwatch.status': 'fail', 'leakwatch.decidedBy': 'heap', 'leakwatch.growthPct': verdicts.leaky.growthPct.toFixed(1), 'leakwatch.samplesFile': '/out/leaky-cache.ndjson' })
    expect(leaky?.['system-out']).toEqual(['[[ATTACHMENT|/out/leaky-cache.ndjson]]\n'])
    expect(clean?.failure).toBeUndefined()
    expect(props(clean as Testcase)['leakwatch.status']).toBe('pass')
    expect(props(clean as Testcase)['leakwatch.decidedBy']).toBe('')
  })

  it('writes an error, a skip, and a warn that passes with its reasons in system-out', () => {
    const byName = new Map(testcases(xml).map((t) => [t.name, t]))
    expect(byName.get('crashes')?.error?.[0]).toMatchObject({ message: 'timeout after 2.0 s (possible deadlock)', type: 'error' })
    expect(byName.get('crashes')).toMatchObject({ file: 'scenarios/crash.scenario.ts' })
    expect(byName.get('leaky-cache')).not.toHaveProperty('file')
    expect(byName.get('needs-opencv')?.skipped?.[0]?.message).toBe('the OpenCV binding is not installed')
    const warn = byName.get('slow-drip') as Testcase
    expect(warn.failure).toBeUndefined()
    expect(props(warn)).toMatchObject({ 'leakwatch.status': 'warn', 'leakwatch.decidedBy': 'heap' })
    expect(warn['system-out'][0]).toContain(`- ${verdicts.slow.reasons[0]}\n`)
    expect(warn['system-out'][0]).toMatch(/\[\[ATTACHMENT\|\/out\/slow-drip\.ndjson\]\]\n$/)
  })

  it('writes a warn as a failure with warnIsFailure', () => {
    const strict = renderJunit(mixedReport(), { warnIsFailure: true })
    const warn = testcases(strict).find((t) => t.name === 'slow-drip')
    expect(warn?.failure?.[0]).toMatchObject({ message: verdicts.slow.reasons[0], type: 'heap' })
    expect(parse(strict).testsuites.failures).toBe('3')
  })

  it('escapes what a scenario supplies: a hostile name and reason come back as written, without the characters XML forbids', () => {
    const hostile = testcases(xml).at(-1) as Testcase
    // XML 1.0 cannot carry U+0000, U+0001 or ESC, not even as references: they are written out
    const readable = HOSTILE.replace(/[\u0000\u0001\u001b]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    expect(hostile.name).toBe(readable)
    expect(hostile.failure?.[0]?.message).toBe(readable)
    expect(hostile.failure?.[0]?.['#text']).toContain(`- ${verdicts.leaky.reasons[1]}`)
    expect(xml).not.toMatch(/[\u0000\u0001\u001b]/)
    expect(xml).not.toContain(']]>')
    expect(xml).not.toContain('<b>')
  })

  it('writes an empty run as an empty testsuites', () => {
    const { testsuites } = parse(renderJunit(runReport([])))
    expect(testsuites).toMatchObject({ tests: '0', failures: '0', errors: '0', skipped: '0' })
    expect(testsuites.testsuite).toBeUndefined()
  })
})

describe('schema/junit.xsd', () => {
  it.skipIf(!hasXmllint)('accepts what renderJunit writes (xmllint is needed)', () => {
    for (const [name, xml] of [
      ['mixed.xml', renderJunit(mixedReport())],
      ['strict.xml', renderJunit(mixedReport(), { warnIsFailure: true })],
      ['empty.xml', renderJunit(runReport([]))],
    ] as const) {
      const result = validate(xml, name)
      expect(result.stderr).toContain('validates')
      expect(result.status).toBe(0)
    }
  })

  it.skipIf(!hasXmllint)('rejects a testcase without a name, a count that is not a number, and an unknown element (xmllint is needed)', () => {
    const xml = renderJunit(runReport([scenario('one', 'fail', { verdict: verdicts.leaky })]))
    const broken = {
      'no-name.xml': xml.replace(/<testcase name="one" /, '<testcase '),
      'bad-count.xml': xml.replace(/ tests="1"/, ' tests="one"'),
      'unknown.xml': xml.replace('<system-out>', '<stdout>x</stdout><system-out>'),
      // the result comes before what the test printed
      'order.xml': xml.replace(/(<testcase [^>]*>)/, '$1<system-out>early</system-out>'),
    }
    for (const text of Object.values(broken)) expect(text).not.toBe(xml)
    for (const [name, text] of Object.entries(broken)) {
      const result = validate(text, name)
      expect(result.status, `${name}: ${result.stderr}`).not.toBe(0)
      expect(result.stderr).toContain('fails to validate')
    }
    expect(validate(broken['no-name.xml'], 'no-name.xml').stderr).toContain("The attribute 'name' is required but missing")
  })
})

describe('junitReporter()', () => {
  it('writes leakwatch-results.xml in the out folder at the end of the run, or the path given', async () => {
    const out = join(dir, 'out')
    await junitReporter({ stdout: process.stdout, outDir: out }).onRunEnd?.(mixedReport())
    expect(readdirSync(out)).toEqual(['leakwatch-results.xml'])
    expect(readFileSync(join(out, 'leakwatch-results.xml'), 'utf8')).toBe(renderJunit(mixedReport()))
    const path = join(dir, 'nested', 'deeper', 'leaks.xml')
    await junitReporter({ stdout: process.stdout, outDir: out, path, warnIsFailure: true }).onRunEnd?.(mixedReport())
    expect(existsSync(path)).toBe(true)
    expect(parse(readFileSync(path, 'utf8')).testsuites.failures).toBe('3')
  })

  it.skipIf(!hasXmllint)('writes a file xmllint reads as well-formed (xmllint is needed)', async () => {
    const out = join(dir, 'wellformed')
    await junitReporter({ stdout: process.stdout, outDir: out }).onRunEnd?.(mixedReport())
    expect(() => execFileSync('xmllint', ['--noout', join(out, 'leakwatch-results.xml')], { stdio: 'pipe' })).not.toThrow()
  })
})
