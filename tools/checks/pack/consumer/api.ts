// The same from TypeScript (strict, NodeNext): type-checked with tsc against the packed
// declarations, then run. The @ts-expect-error lines prove the types are real, not `any`.
import type { Sample } from '@leakwatch/contracts'
import { registeredSuites, type SuiteDefinition } from '@leakwatch/runner'
import { sampleProcess } from '@leakwatch/sampler'
import '@leakwatch/suites'
import { runSuite, type RunReport, type Verdict } from 'leakwatch'

const me: Sample = await sampleProcess()
if (!(me.rss > 0)) throw new Error(`no rss in ${JSON.stringify(me)}`)

const suites: readonly SuiteDefinition[] = registeredSuites()
if (!suites.some((suite) => suite.name === 'quick')) throw new Error('the quick suite is not registered')

// a scenario file in TypeScript, loaded by the runner's child
const report: RunReport = await runSuite({ targets: ['./my-ts.scenario.ts'], scale: 0.5, outDir: 'results-api-ts', reporters: [] })
const verdict: Verdict | undefined = report.scenarios[0]?.verdict
if (report.totals.pass !== 1) throw new Error(`my-ts.scenario.ts did not pass: ${report.scenarios[0]?.status} ${verdict?.reasons[0] ?? report.scenarios[0]?.error}`)

export function neverCalled(): void {
  // @ts-expect-error scale is a number
  void runSuite({ scale: 'fast' })
  // @ts-expect-error rss is a number of bytes
  const wrong: Sample = { t: 0, rss: '1 MB' }
  void wrong
}

console.log('api.ts: ok')
