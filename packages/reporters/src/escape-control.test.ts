import type { Sample } from '@leakwatch/contracts'
import { gradeSeries } from '@leakwatch/grader'
import { type ScenarioReport, validateScenario } from '@leakwatch/runner'
import { describe, expect, it } from 'vitest'
import { consoleReporter } from './console-reporter.js'
import { escapeControl } from './escape-control.js'
import { formatVerdict } from './format-verdict.js'
import { terminal } from './_terminal.fixture.js'

// clear the screen, move the cursor home, and overwrite the line from its start
const HOSTILE = 'ok\u001b[2J\u001b[H\rPASS'
const ESCAPED = 'ok\\u001b[2J\\u001b[H\\u000dPASS'
// nothing a terminal or a CI log reads as a control may reach the output
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

describe('escapeControl()', () => {
  it.each([
    ['ESC sequences and CR', HOSTILE, ESCAPED],
    ['a newline, a tab, a backspace and NUL', 'a\nb\tc\bd\u0000', 'a\\u000ab\\u0009c\\u0008d\\u0000'],
    ['DEL and C1 controls (U+009B is CSI to some terminals)', 'x\u007fy\u009b2J', 'x\\u007fy\\u009b2J'],
    ['bidirectional overrides and isolates', 'abc\u202edcb\u2066', 'abc\\u202edcb\\u2066'],
    ['plain text, accents and emoji, left as they are', 'Caméra prête ✅ 🎥 -_./', 'Caméra prête ✅ 🎥 -_./'],
  ])('%s', (_, text, escaped) => {
    expect(escapeControl(text)).toBe(escaped)
  })
})

const plan = { mode: 'cycles', cycles: 100, checkpointEvery: 10, warmup: { cycles: 10 }, timeoutMs: 600_000, scale: 1 } as const
const report = (extra: Partial<ScenarioReport>): ScenarioReport => ({
  name: 'hostile', suite: 'custom', description: HOSTILE, params: {}, plan, status: 'error', samplesFile: `out/samples/${HOSTILE}.ndjson`, durationMs: 1000, ...extra,
})

describe('consoleReporter(): what a scenario supplies is printed escaped', () => {
  it('escapes the description, the error, the skip reason, the extension reason and the samples path', () => {
    const out = terminal(true)
    const reporter = consoleReporter({ stdout: out.stream, outDir: 'out', env: { NO_COLOR: '1' } })
    reporter.onScenarioStart?.({ name: 'hostile', suite: `suite${HOSTILE}`, description: HOSTILE, plan })
    reporter.onSample?.('hostile', { t: 300, rss: 2 ** 20, phase: 'measure' }) // the status line: our own escapes
    reporter.onScenarioEnd?.(report({ error: `threw: ${HOSTILE}` }))
    reporter.onScenarioEnd?.(report({ status: 'skip', skipped: HOSTILE }))
    reporter.onScenarioEnd?.(report({ status: 'warn', extended: { planned: 100, ran: 150, unit: 'cycles', reasons: [HOSTILE] } }))
    const text = out.text()
    expect(text).toContain(`▶ hostile (suite${ESCAPED}): ${ESCAPED}\n`)
    expect(text).toContain(`💥 ERROR (1.0 s): threw: ${ESCAPED}\n   what was measured is in out/samples/${ESCAPED}.ndjson\n`)
    expect(text).toContain(`⏭️  SKIP: ${ESCAPED}\n`)
    expect(text).toContain(`Extended: 100 → 150 cycles, because ${ESCAPED}\n`)
    // the only controls left are the status line's own: \r and ESC[2K, which clear it
    expect(text.replaceAll('\r\u001b[2K', '')).not.toMatch(RAW_CONTROL)
  })
})

describe('formatVerdict(): reasons that quote the samples are printed escaped', () => {
  it('escapes a resource type named by a samples file', () => {
    // a timer leak whose type, as the samples file names it, would clear the screen
    const series: Sample[] = Array.from({ length: 20 }, (_, i) => ({
      t: i * 1000, rss: 100 * 2 ** 20, cycle: i * 10, phase: i === 19 ? 'after' : 'measure', resources: i === 19 ? 8 : 3, resourceTypes: { [HOSTILE]: i === 19 ? 5 : 0 },
    }))
    const verdict = gradeSeries(series)
    expect(verdict.reasons.join('\n')).toContain(HOSTILE) // the grader quotes it as it is…
    const text = formatVerdict(verdict)
    expect(text).toContain(`${ESCAPED} +5`) // …and the verdict prints it escaped
    expect(text).not.toMatch(RAW_CONTROL)
  })
})

describe('file names derived from scenario names', () => {
  it.each([HOSTILE, '../../etc/passwd', 'a/b', 'name\n', 'tab\tname', '', ' '])('a scenario named %j is refused before any file is named after it', (name) => {
    expect(() => validateScenario({ name, cycles: 1, cycle() {} }, 'hostile.mjs')).toThrow(/'name' must be a non-empty string of letters, digits, '-', '_' or '\.'/)
  })
})
