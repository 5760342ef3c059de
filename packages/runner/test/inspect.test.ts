import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { groupMembers, killGroup, trackedGroups } from '@leakwatch/sampler'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { inspectScenarioFile, resolveScenarios, runScenario } from '../src/index.js'
import { tempFolder } from '../../../tools/temp-folder.js'

// A scenario file is loaded in a process of its own: real processes, real hostile files.
const temp = tempFolder('leakwatch-inspect-')
const ok = `cycles: 10, cycle: () => {}`
const SHORT = 1500 // the load bound these tests give: short, and never asserted as a duration

// the process groups of hostile files: ended after the tests even when a test failed
const groups = new Set<number>()
afterAll(() => {
  for (const pgid of groups) {
    try {
      killGroup(pgid)
    } catch {
      // not ours any more
    }
  }
})

/** A file whose top level writes its process's pid (and a grandchild's) to `<name>.pid` first. */
function hostile(name: string, then: string): { file: string; pids: () => number[] } {
  const pidFile = join(temp.dir, `${name}.pid`)
  const file = temp.write(`${name}.scenario.mjs`, `import { spawn } from 'node:child_process'
    import { writeFileSync } from 'node:fs'
    const grandchild = spawn('sleep', ['1000'], { stdio: 'ignore' })
    writeFileSync(${JSON.stringify(pidFile)}, process.pid + ' ' + grandchild.pid)
    ${then}
    export default { name: '${name}', ${ok} }`)
  const pids = () => {
    const found = readFileSync(pidFile, 'utf8').split(' ').map(Number)
    groups.add(found[0] as number)
    return found
  }
  return { file, pids }
}

async function expectGroupGone(pgid: number): Promise<void> {
  expect(trackedGroups()).not.toContain(pgid)
  // SIGKILL has been sent and the leader reaped; the grandchild dies as the kernel gets to it
  await vi.waitFor(() => expect(groupMembers(pgid)).toEqual([]), { timeout: 10_000, interval: 50 })
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(() => expect.fail('it loaded'), (err: Error & { code?: string }) => err)
}

describe('resolveScenarios() with a scenario file', () => {
  it('never runs the top-level code or skip() in this process', async () => {
    const file = temp.write('quiet.scenario.mjs', `globalThis.topLevelRan = true
      export default { name: 'quiet', ${ok}, params: { size: 64, when: new Date(0) }, skip() { globalThis.skipRan = true } }`)
    const [ref] = await resolveScenarios({ targets: [file] })
    expect(ref).toEqual({
      name: 'quiet', suite: 'custom', description: '', source: { file, index: 0 },
      scenario: { name: 'quiet', cycles: 10, params: { size: 64, when: new Date(0) } },
    })
    expect(globalThis).not.toHaveProperty('topLevelRan')
    expect(globalThis).not.toHaveProperty('skipRan')
  })

  it('loads a TypeScript file, its skip() answered in the loading process', async () => {
    const file = temp.write('typed.scenario.ts', `interface Frame { data: Uint8Array }
      const frames: Frame[] = []
      export default [
        { name: 'typed', cycles: 5 as number, warmup: 1, cycle: (): void => { frames.push({ data: new Uint8Array(1) }) } },
        { name: 'camera', durationMs: 500, skip: (): string => 'no camera here', cycle(): void {} },
      ]`)
    const refs = await resolveScenarios({ targets: [file] })
    expect(refs.map((r) => [r.name, r.scenario, r.skipped])).toEqual([
      ['typed', { name: 'typed', cycles: 5, warmup: 1 }, undefined],
      ['camera', { name: 'camera', durationMs: 500 }, 'no camera here'],
    ])
  })

  it('ends a file whose top level never finishes within the bound, with its process group', async () => {
    const { file, pids } = hostile('endless', 'while (true) {}')
    const error = await rejection(resolveScenarios({ targets: [file], loadTimeoutMs: SHORT }))
    expect(error).toMatchObject({ code: 'LEAKWATCH_BAD_SCENARIO', message: `${file}: its top-level code did not finish within 1.5 s (an endless loop?)` })
    const [pgid] = pids()
    await expectGroupGone(pgid as number)
  })

  it('ends a scenario whose skip() never returns, naming skip()', async () => {
    const file = temp.write('stuck-skip.scenario.mjs', `export default { name: 'stuck', ${ok}, skip() { for (;;) {} } }`)
    await expect(inspectScenarioFile(file, { timeoutMs: SHORT })).rejects.toThrow(`${file}: its skip() did not return within 1.5 s (an endless loop?)`)
  })

  it('turns a top-level process.exit(0) into an error, not a pass, and this process goes on', async () => {
    const { file, pids } = hostile('quits', 'process.exit(0)')
    const error = await rejection(resolveScenarios({ targets: [file] }))
    expect(error).toMatchObject({ code: 'LEAKWATCH_BAD_SCENARIO', message: `${file}: the file ended the process while loading (process.exit at top level?)` })
    await expectGroupGone(pids()[0] as number) // its grandchild too
    const good = temp.write('after.scenario.mjs', `export default { name: 'after', ${ok} }`)
    expect((await resolveScenarios({ targets: [good] })).map((r) => r.name)).toEqual(['after'])
  })

  it('names the signal that killed the process loading a file', async () => {
    const file = temp.write('killed.scenario.mjs', `process.kill(process.pid, 'SIGKILL')\nexport default { name: 'k', ${ok} }`)
    await expect(resolveScenarios({ targets: [file] })).rejects.toThrow(`${file}: the process loading it was killed by SIGKILL`)
  })

  it.each([
    ['top-throw.scenario.mjs', `throw new Error('no camera\\nat all')\nexport default {}`, 'cannot load it: no camera'],
    ['late-throw.scenario.mjs', `setTimeout(() => { throw new Error('late') })\nawait new Promise((r) => setTimeout(r, 50))\nexport default { name: 'x', ${ok} }`, 'cannot load it: late'],
    ['fn-params.scenario.mjs', `export default { name: 'x', ${ok}, params: { onFrame: () => {} } }`, "(x): 'params.onFrame' must be plain data that survives structured clone, got a function"],
  ])('rejects %s with one line', async (name, text, problem) => {
    const file = temp.write(name, text)
    const error = await rejection(resolveScenarios({ targets: [file] }))
    expect(error).toMatchObject({ code: 'LEAKWATCH_BAD_SCENARIO' })
    expect(error.message).toBe(`${file}${problem.startsWith('(') ? ' ' : ': '}${problem}`)
  })

  it('keeps what skip() threw for the run, which ends in error with that message', async () => {
    const file = temp.write('must.scenario.mjs', `export default { name: 'must', ${ok}, skip: () => { throw new Error('camera required') } }`)
    const [ref] = await resolveScenarios({ targets: [file] })
    expect(ref?.skipError).toBe('camera required')
    const run = await runScenario(ref!, { outDir: join(temp.dir, 'out') })
    expect([run.status, run.error, run.pid]).toEqual(['error', 'camera required', undefined])
  })

  it('stops a slow load when the signal aborts, and ends its process group', async () => {
    const { file, pids } = hostile('slow', 'await new Promise((r) => setTimeout(r, 600_000))')
    const controller = new AbortController()
    const pidFile = join(temp.dir, 'slow.pid')
    const loading = rejection(resolveScenarios({ targets: [file], signal: controller.signal }))
    await vi.waitFor(() => expect(existsSync(pidFile) && readFileSync(pidFile, 'utf8').includes(' ')).toBe(true), { timeout: 20_000, interval: 20 })
    const [pgid] = pids()
    expect(trackedGroups()).toContain(pgid) // the CLI's signal handlers can end it meanwhile
    controller.abort()
    expect(await loading).toMatchObject({ code: 'LEAKWATCH_BAD_SCENARIO', message: `${file}: loading it was interrupted` })
    await expectGroupGone(pgid as number)
  })

  it('leaves nothing behind when leakwatch itself is killed (SIGKILL) while a top level spins', async () => {
    const { file, pids } = hostile('orphan', 'while (true) {}')
    // leakwatch, built (the loading process is forked from dist/inspect.js in any case)
    const runner = new URL('../dist/index.js', import.meta.url).href
    const host = spawn(process.execPath, ['--input-type=module', '-e',
      `import { inspectScenarioFile } from ${JSON.stringify(runner)}\nawait inspectScenarioFile(${JSON.stringify(file)}, { timeoutMs: 600_000 })`,
    ], { stdio: 'ignore' })
    const pidFile = join(temp.dir, 'orphan.pid')
    await vi.waitFor(() => expect(existsSync(pidFile) && readFileSync(pidFile, 'utf8').includes(' ')).toBe(true), { timeout: 20_000, interval: 20 })
    const [pgid] = pids()
    host.kill('SIGKILL')
    await vi.waitFor(() => expect(groupMembers(pgid as number)).toEqual([]), { timeout: 10_000, interval: 50 })
  })

  it('starts no process for an aborted signal or a bad bound', async () => {
    const file = temp.write('never.scenario.mjs', `export default { name: 'never', ${ok} }`)
    await expect(resolveScenarios({ targets: [file], signal: AbortSignal.abort() })).rejects.toThrow(`${file}: loading it was interrupted`)
    await expect(inspectScenarioFile(file, { timeoutMs: 2 ** 31 })).rejects.toMatchObject({ code: 'LEAKWATCH_BAD_OPTION' })
    expect(trackedGroups()).toEqual([])
  })
})
