import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveScenarios, runScenario, type ScenarioRun } from '../src/index.js'
import { tempFolder } from '../../../tools/temp-folder.js'

// The runner on real child processes, fed scenario files written here.
const temp = tempFolder('leakwatch-runner-')

async function runFile(
  name: string,
  body: string,
  options: { signal?: AbortSignal; execArgv?: string[]; onSample?: () => void } = {},
): Promise<ScenarioRun> {
  const file = temp.write(`${name}.scenario.mjs`, body)
  const [ref] = await resolveScenarios({ targets: [file] })
  if (!ref) throw new Error('no scenario')
  return runScenario(ref, { outDir: join(temp.dir, 'out'), intervalMs: 20, ...options })
}

function alive(pid: number | undefined): boolean {
  try {
    process.kill(pid ?? 0, 0)
    return true
  } catch {
    return false
  }
}

describe('runScenario()', () => {
  it('runs setup, warm-up, the measured cycles and teardown, and streams every sample to a file', async () => {
    const run = await runFile('lifecycle', `export default { name: 'lifecycle', cycles: 20, warmup: 3, checkpointEvery: 5,
      setup: () => ({ n: 0 }), cycle: (ctx) => { ctx.n++ }, teardown: () => {} }`)
    expect(run.status).toBe('done')
    const checkpoints = run.samples.filter((s) => s.cycle !== undefined)
    expect(checkpoints.map((s) => [s.phase, s.cycle])).toEqual([
      ['measure', 0], ['measure', 5], ['measure', 10], ['measure', 15], ['measure', 20], ['teardown', 20],
    ])
    const phases = new Set(run.samples.map((s) => s.phase))
    expect([...phases]).toEqual(['warmup', 'measure', 'teardown', 'after'])
    expect(run.samples.at(-1)?.phase).toBe('after')
    const lines = readFileSync(run.samplesFile, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(run.samples.length)
    expect(alive(run.pid)).toBe(false)
  })

  it('runs a duration scenario with a checkpoint every checkpointMs, each cycle count once', async () => {
    const run = await runFile('timed', `export default { name: 'timed', durationMs: 600, checkpointMs: 150, warmup: 2,
      cycle: () => new Promise((r) => setTimeout(r, 2)) }`)
    expect(run.status).toBe('done')
    const cycles = run.samples.filter((s) => s.phase === 'measure' && s.cycle !== undefined).map((s) => s.cycle as number)
    expect(cycles[0]).toBe(0)
    expect(cycles.length).toBeGreaterThanOrEqual(4)
    expect(new Set(cycles).size).toBe(cycles.length)
    expect(cycles.every((c, i) => i === 0 || c > (cycles[i - 1] as number))).toBe(true)
  })

  it('leaves no resource behind for a clean scenario whose worker threads and logs open stdout and stderr', async () => {
    const run = await runFile('stdio', `import { Worker } from 'node:worker_threads'
      export default { name: 'stdio', cycles: 3, warmup: 1, cycle: async () => {
        console.log('a line')
        const worker = new Worker("console.error('from a worker')", { eval: true })
        await new Promise((r) => worker.once('exit', r))
      } }`)
    expect(run.status).toBe('done')
    const inside = run.samples.filter((s) => s.resourceTypes)
    // the sample before setup and the one after teardown: the same handles, type by type
    expect(inside.at(-1)?.phase).toBe('after')
    expect(inside.at(-1)?.resourceTypes).toEqual(inside[0]?.resourceTypes)
    expect(inside[0]?.resourceTypes).toMatchObject({ PipeWrap: 3 }) // the IPC channel, stdout and stderr
  })

  it('ends a scenario that throws with its message, keeping what was measured', async () => {
    const run = await runFile('throws', `export default { name: 'throws', cycles: 50,
      cycle: (_ctx, i) => { if (i === 30) throw new Error('camera unplugged') } }`)
    expect([run.status, run.error]).toEqual(['error', 'threw: camera unplugged'])
    expect(run.samples.some((s) => s.phase === 'measure')).toBe(true)
    expect(alive(run.pid)).toBe(false)
  })

  it.each([
    ['an abort', 'process.abort()', /^crashed: aborted \(SIGABRT\)/],
    ['a segfault', "process.kill(process.pid, 'SIGSEGV')", /^crashed: segmentation fault \(SIGSEGV\)/],
  ])('ends a scenario that crashes with %s', async (_, crash, reason) => {
    const run = await runFile('crash', `export default { name: 'crash', cycles: 50, cycle: (_ctx, i) => { if (i === 10) ${crash} } }`)
    expect(run.status).toBe('error')
    expect(run.error).toMatch(reason)
    expect(alive(run.pid)).toBe(false)
  })

  it('ends a scenario that runs out of memory', async () => {
    const run = await runFile('oom', `const kept = []
      export default { name: 'oom', cycles: 100000, cycle: () => { kept.push(new Array(100000).fill({ a: 1 })) } }`, { execArgv: ['--max-old-space-size=48'] })
    expect([run.status, run.error]).toEqual(['error', 'crashed: out of memory (JavaScript heap)'])
  })

  it('stops a scenario past its timeout (a deadlock) and leaves no process behind', async () => {
    const run = await runFile('deadlock', `export default { name: 'deadlock', cycles: 10, timeoutMs: 1500,
      cycle: (_ctx, i) => i === 4 ? new Promise(() => {}) : undefined }`)
    expect([run.status, run.error]).toEqual(['error', 'timeout after 1.5 s (possible deadlock)'])
    expect(run.samples.length).toBeGreaterThan(0)
    expect(alive(run.pid)).toBe(false)
  })

  it('stops when interrupted, keeping what was measured', async () => {
    const controller = new AbortController()
    let seen = 0
    const onSample = () => {
      if (++seen === 10) controller.abort() // Ctrl-C once it has measured something
    }
    const run = await runFile('long', `export default { name: 'long', durationMs: 60000,
      cycle: () => new Promise((r) => setTimeout(r, 5)) }`, { signal: controller.signal, onSample })
    expect([run.status, run.error, run.interrupted]).toEqual(['error', 'interrupted', true])
    expect(readFileSync(run.samplesFile, 'utf8').trim().split('\n').length).toBe(run.samples.length)
    expect(run.samples.length).toBeGreaterThan(3)
    expect(alive(run.pid)).toBe(false)
  })

  it("skips a scenario whose skip() gives a reason, without starting a process", async () => {
    const run = await runFile('skips', `export default { name: 'skips', cycles: 10, skip: () => 'no camera here', cycle: () => {} }`)
    expect([run.status, run.skipped, run.pid, run.samples]).toEqual(['skip', 'no camera here', undefined, []])
  })

  it("turns a skip() that throws into an error", async () => {
    const run = await runFile('must', `export default { name: 'must', cycles: 10, skip: () => { throw new Error('camera required') }, cycle: () => {} }`)
    expect([run.status, run.error]).toEqual(['error', 'camera required'])
  })

  it('runs a scenario of a registered suite: its child imports the module that registered it', async () => {
    await import(new URL('./fixtures/registered-suite.mjs', import.meta.url).href)
    const [ref] = await resolveScenarios({ targets: ['q-two'] })
    const run = await runScenario(ref as NonNullable<typeof ref>, { outDir: join(temp.dir, 'out') })
    expect(run.error).toBeUndefined()
    expect(run.samples.filter((s) => s.phase === 'measure' && s.cycle !== undefined).at(-1)?.cycle).toBe(20)
  })

  it('runs a TypeScript scenario file', async () => {
    const file = temp.write('typed.scenario.ts', `interface Ctx { frames: Uint8Array[] }
      export default { name: 'typed', cycles: 10, setup: (): Ctx => ({ frames: [] }), cycle: (ctx: Ctx) => { ctx.frames.length = 0 } }`)
    const [ref] = await resolveScenarios({ targets: [file] })
    const run = await runScenario(ref as NonNullable<typeof ref>, { outDir: join(temp.dir, 'out') })
    expect(run.status).toBe('done')
  })
})
