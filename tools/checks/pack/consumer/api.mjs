// A user's plain ESM file: the sampler, and the Node API from `leakwatch` and from the runner
// with the built-in suites. Run with node in the temporary project; any failure throws.
import assert from 'node:assert/strict'
import { runSuite as runnerRunSuite } from '@leakwatch/runner'
import { sampleProcess } from '@leakwatch/sampler'
import '@leakwatch/suites'
import { gradeSeries, registeredSuites, runSuite } from 'leakwatch'

const me = await sampleProcess()
assert.ok(me.rss > 0 && me.heapUsed > 0, `a sample of this process has memory: ${JSON.stringify(me)}`)
if (process.platform === 'linux') assert.ok(me.threads > 0 && me.handles > 0, 'and threads and fds on Linux')

// one copy of the runner, whichever name it is imported by: one suite registry
assert.equal(runSuite, runnerRunSuite, 'leakwatch and @leakwatch/runner share one runSuite')
const suites = registeredSuites().map((suite) => suite.name)
for (const name of ['quick', 'stress', 'video']) assert.ok(suites.includes(name), `suite ${name} is registered: ${suites}`)

const report = await runSuite({ targets: ['timeout-utils-no-thread-leak'], scale: 0.5, outDir: 'results-api-mjs', reporters: [] })
assert.equal(report.scenarios.length, 1)
assert.equal(report.totals.pass, 1, `the built-in scenario passes: ${JSON.stringify(report.scenarios[0]?.verdict?.reasons)}`)

const samples = Array.from({ length: 40 }, (_, i) => ({ t: i * 1000, rss: 100e6 + i * 2e6 }))
assert.equal(gradeSeries(samples).status, 'fail', 'a steadily rising RSS fails')

console.log('api.mjs: ok')
