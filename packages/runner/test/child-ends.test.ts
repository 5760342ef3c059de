import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gradeSeries } from '@leakwatch/grader'
import { runScenario, type ScenarioRef } from '../src/index.js'
import { tempFolder } from '../../../tools/temp-folder.js'
import { runFile } from './_scenario-file.js'

// How the child's run ends: its output all in the log, an early exit never a pass, and time
// limits that Node's timers can hold.
const temp = tempFolder('leakwatch-child-ends-')

describe('runScenario(): the end of the child', () => {
  it("keeps all the child's output in its log: 30 MB written to stdout in setup", async () => {
    const run = await runFile(temp, 'chatty', `export default { name: 'chatty', cycles: 5, warmup: 1,
      setup: () => { const line = 'x'.repeat(1023) + '\\n'; for (let i = 0; i < 30 * 1024; i++) process.stdout.write(line) },
      cycle: () => {} }`)
    expect(run.status).toBe('done')
    expect(statSync(run.logFile).size).toBe(30 * 1024 * 1024)
    // the output left the child before teardown was measured: no write is left among its resources
    expect(Object.keys(run.samples.at(-1)?.resourceTypes ?? {}).filter((type) => type.includes('Write'))).toEqual([])
  })

  it('calls a child that exits (code 0) in the middle of its cycles an error, not a pass', async () => {
    const run = await runFile(temp, 'exits', `export default { name: 'exits', cycles: 20, cycle: (_ctx, i) => { if (i === 5) process.exit(0) } }`)
    expect([run.status, run.error]).toEqual(['error', 'exited with code 0 before finishing (process.exit in the scenario?)'])
  })

  it("calls a scenario file whose top level calls process.exit(0) in the child an error", async () => {
    // resolved by hand: the child loads the file itself, and its top level ends the child there
    const file = temp.write('exits-on-load.scenario.mjs', `process.exit(0)
      export default { name: 'exits-on-load', cycles: 5, cycle: () => {} }`)
    const scenario = { name: 'exits-on-load', cycles: 5, cycle: () => {} }
    const ref: ScenarioRef = { name: 'exits-on-load', suite: 'custom', description: '', source: { file, index: 0 }, scenario }
    const run = await runScenario(ref, { outDir: join(temp.dir, 'out') })
    expect([run.status, run.error]).toEqual(['error', 'exited with code 0 before finishing (process.exit in the scenario?)'])
    expect(run.samples).toEqual([])
  })

  it('runs a tiny scenario at scale 4000 without a false timeout (a time limit past 2^31 − 1 ms)', async () => {
    const warnings: Error[] = []
    const onWarning = (w: Error) => warnings.push(w)
    process.on('warning', onWarning)
    try {
      // 4000 cycles; 10 minutes × 4000 is more than a Node timer can wait
      const run = await runFile(temp, 'tiny', `export default { name: 'tiny', cycles: 1, cycle: () => {} }`, { scale: 4000 })
      expect([run.status, run.error]).toEqual(['done', undefined])
      expect(run.plan.timeoutMs).toBe(2 ** 31 - 1)
      expect(run.samples.filter((s) => s.phase === 'measure' && s.cycle !== undefined).at(-1)?.cycle).toBe(4000)
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings.filter((w) => w.name === 'TimeoutOverflowWarning')).toEqual([])
  })

  it('runs a scenario of a duration past 2^31 − 1 ms until it is stopped, not into a timeout', async () => {
    const controller = new AbortController()
    let measured = 0
    const run = await runFile(temp, 'endless', `export default { name: 'endless', durationMs: 2 ** 32, warmup: 0, checkpointMs: 50,
      cycle: () => new Promise((r) => setTimeout(r, 5)) }`, {
      signal: controller.signal,
      onSample: (s) => {
        if (s.phase === 'measure' && s.cycle !== undefined && ++measured === 3) controller.abort()
      },
    })
    expect([run.status, run.error]).toEqual(['error', 'interrupted'])
  })

  it('keeps a bounded series in memory while every sample goes to the file, and grades it the same', async () => {
    const run = await runFile(temp, 'long', `export default { name: 'long', durationMs: 1500, cycle: () => new Promise((r) => setTimeout(r, 2)) }`, {
      intervalMs: 2,
      maxSamples: 100,
    })
    expect(run.status).toBe('done')
    const all = readFileSync(run.samplesFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    expect(all.length).toBeGreaterThan(300) // the parent sampled every 2 ms
    expect(run.samples.length).toBeLessThanOrEqual(100 + 4096 + 64)
    expect(run.samples.length).toBeLessThan(all.length)
    expect(run.samples.filter((s) => s.cycle !== undefined)).toEqual(all.filter((s) => s.cycle !== undefined))
    expect(gradeSeries(run.samples).status).toBe(gradeSeries(all).status)
  })
})
