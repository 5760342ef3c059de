import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Sample } from '@leakwatch/contracts'
import { describe, expect, it } from 'vitest'
import { type ExtendProgress, resolveScenarios, runScenario, runScenarios, type RunScenarioOptions, type ScenarioRun } from '../src/index.js'
import { tempFolder } from '../../../tools/temp-folder.js'

// Adaptive run length on real child processes: the parent's `extend` answers the child's
// `measured`, and the child runs more measured cycles before teardown.
const temp = tempFolder('leakwatch-extend-')

async function runFile(name: string, body: string, options: Partial<RunScenarioOptions> = {}): Promise<ScenarioRun> {
  const file = temp.write(`${name}.scenario.mjs`, body)
  const [ref] = await resolveScenarios({ targets: [file] })
  if (!ref) throw new Error('no scenario')
  return runScenario(ref, { outDir: join(temp.dir, 'out'), intervalMs: 20, ...options })
}

/** An `extend` that gives the reasons in turn, then finishes; it notes what it was asked with. */
function asking(...reasons: string[]) {
  const asked: { progress: ExtendProgress; lastCycle: number | undefined }[] = []
  const extend = (samples: readonly Sample[], progress: ExtendProgress) => {
    asked.push({ progress, lastCycle: samples.filter((s) => s.phase === 'measure' && s.cycle !== undefined).at(-1)?.cycle })
    return reasons[asked.length - 1]
  }
  return { asked, extend }
}

const measured = (run: ScenarioRun) => run.samples.filter((s) => s.phase === 'measure' && s.cycle !== undefined).map((s) => s.cycle as number)
const alive = (pid: number | undefined) => {
  try {
    return process.kill(pid ?? 0, 0)
  } catch {
    return false
  }
}

const counting = (name: string, marker: string, extra = '') => `import { writeFileSync } from 'node:fs'
  export default { name: '${name}', cycles: 20, warmup: 2, checkpointEvery: 5, ${extra}
    setup: () => ({ n: 0 }), cycle: (ctx) => { ctx.n++ }, teardown: (ctx) => writeFileSync(${JSON.stringify(marker)}, String(ctx.n)) }`

describe('runScenario() with extend', () => {
  it('extends twice when asked twice: cycle numbers and checkpoints carry on, then teardown runs', async () => {
    const marker = join(temp.dir, 'twice.txt')
    const { asked, extend } = asking('still rising 1', 'still rising 2')
    const run = await runFile('twice', counting('twice', marker), { extend })
    expect(run.status).toBe('done')
    // asked at the end of the plan and of each extension (half the plan each), with the series up to there
    expect(asked).toEqual([
      { progress: { mode: 'cycles', planned: 20, ran: 20, extensions: 0 }, lastCycle: 20 },
      { progress: { mode: 'cycles', planned: 20, ran: 30, extensions: 1 }, lastCycle: 30 },
      { progress: { mode: 'cycles', planned: 20, ran: 40, extensions: 2 }, lastCycle: 40 },
    ])
    expect(measured(run)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40])
    expect(run.extended).toEqual({ planned: 20, ran: 40, unit: 'cycles', reasons: ['still rising 1', 'still rising 2'] })
    expect(readFileSync(marker, 'utf8')).toBe('42') // 2 warm-up cycles and 40 measured, then teardown
    // the counters after teardown are still compared with the sample taken before setup
    expect(run.samples.find((s) => s.cycle === 40 && s.phase === 'teardown')).toBeDefined()
    expect(run.samples[0]?.phase).toBe('warmup')
    expect(run.samples.at(-1)).toMatchObject({ phase: 'after', handles: expect.any(Number) })
  })

  it('stops at maxFactor however often it is asked, and is not asked once the bound is reached', async () => {
    const { asked, extend } = asking('a', 'b', 'c', 'd')
    const run = await runFile('bounded', counting('bounded', join(temp.dir, 'bounded.txt')), { extend, extension: { maxFactor: 2 } })
    expect(run.status).toBe('done')
    expect(asked.map((a) => a.progress.ran)).toEqual([20, 30])
    expect(run.extended).toEqual({ planned: 20, ran: 40, unit: 'cycles', reasons: ['a', 'b'] })
    expect(measured(run).at(-1)).toBe(40)
  })

  it.each([
    ['extension: false', { extension: false } as const],
    ['maxMs 0', { extension: { maxMs: 0 } }],
  ])('never asks with %s, and runs the plan as before', async (_, option) => {
    const { asked, extend } = asking('more')
    const run = await runFile('off', counting('off', join(temp.dir, 'off.txt')), { extend, ...option })
    expect([run.status, asked, run.extended]).toEqual(['done', [], undefined])
    expect(measured(run)).toEqual([0, 5, 10, 15, 20])
  })

  it('extends a duration scenario by half its duration, checkpoints at the same spacing', async () => {
    const { asked, extend } = asking('not levelling yet')
    const run = await runFile('timed', `export default { name: 'timed', durationMs: 400, checkpointMs: 100, warmup: 2,
      cycle: () => new Promise((r) => setTimeout(r, 5)) }`, { extend })
    expect(run.status).toBe('done')
    expect(asked.map((a) => [a.progress.mode, a.progress.planned, a.progress.extensions])).toEqual([['duration', 400, 0], ['duration', 400, 1]])
    expect(asked[0]?.progress.ran).toBeGreaterThanOrEqual(400)
    expect(run.extended).toMatchObject({ planned: 400, unit: 'ms', reasons: ['not levelling yet'] })
    expect(run.extended?.ran).toBeGreaterThanOrEqual(600)
    const cycles = measured(run)
    expect(cycles.every((c, i) => i === 0 || c > (cycles[i - 1] as number))).toBe(true)
    const atPlanEnd = asked[0]?.lastCycle ?? 0
    expect(cycles.filter((c) => c > atPlanEnd).length).toBeGreaterThanOrEqual(2) // about 200 ms more at 100 ms apart
  })

  it('stretches the timeout with each extension, so a run extended past it is no deadlock', async () => {
    const { extend } = asking('a', 'b', 'c', 'd')
    // 40 planned cycles of 25 ms fit the 2.4 s limit; 80 more in four extensions run past it
    const run = await runFile('stretched', `export default { name: 'stretched', cycles: 40, checkpointEvery: 10, timeoutMs: 2400,
      cycle: () => new Promise((r) => setTimeout(r, 25)) }`, { extend, extension: { maxFactor: 3 } })
    expect([run.status, run.error]).toEqual(['done', undefined])
    expect(run.extended?.ran).toBe(120)
    expect(run.durationMs).toBeGreaterThan(2400)
  })

  it('ends as interrupted on Ctrl-C while extend is deciding', async () => {
    const controller = new AbortController()
    const extend = () => {
      controller.abort()
      return 'more'
    }
    const run = await runFile('abort-in-extend', counting('abort-in-extend', join(temp.dir, 'abort.txt')), { extend, signal: controller.signal })
    expect([run.status, run.error, run.interrupted, run.extended]).toEqual(['error', 'interrupted', true, undefined])
    expect(measured(run).at(-1)).toBe(20)
    expect(alive(run.pid)).toBe(false)
  })

  it('ends in error, naming it, when extend itself throws', async () => {
    const extend = () => {
      throw new Error('grader broke')
    }
    const run = await runFile('extend-throws', counting('extend-throws', join(temp.dir, 'throws.txt')), { extend })
    expect([run.status, run.error]).toEqual(['error', 'extend() failed: grader broke'])
  })

  it('is passed through by runScenarios()', async () => {
    const file = temp.write('through.scenario.mjs', counting('through', join(temp.dir, 'through.txt')))
    const refs = await resolveScenarios({ targets: [file] })
    const { extend } = asking('once more')
    const [run] = await runScenarios(refs, { outDir: join(temp.dir, 'out'), extend })
    expect(run?.extended).toEqual({ planned: 20, ran: 30, unit: 'cycles', reasons: ['once more'] })
  })

  it('ends as interrupted on Ctrl-C during an extension, keeping the samples and how far it got', async () => {
    const controller = new AbortController()
    const extend = () => {
      setTimeout(() => controller.abort(), 100) // Ctrl-C 100 ms into a 200 ms extension
      return 'more'
    }
    const run = await runFile('interrupted', `export default { name: 'interrupted', cycles: 40, checkpointEvery: 2,
      cycle: () => new Promise((r) => setTimeout(r, 5)) }`, { extend, signal: controller.signal, extension: { maxFactor: 1.5 } })
    expect([run.status, run.error, run.interrupted]).toEqual(['error', 'interrupted', true])
    expect(run.extended?.reasons).toEqual(['more'])
    expect(run.extended?.ran).toBeGreaterThan(40)
    expect(run.extended?.ran).toBe(measured(run).at(-1))
    expect(run.samples.some((s) => s.phase === 'teardown')).toBe(false)
    expect(readFileSync(run.samplesFile, 'utf8').trim().split('\n').length).toBe(run.samples.length)
    expect(alive(run.pid)).toBe(false)
  })
})
