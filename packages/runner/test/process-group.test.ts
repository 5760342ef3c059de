import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { groupMembers, killGroup, trackedGroups } from '@leakwatch/sampler'
import { describe, expect, it } from 'vitest'
import { runSuite } from '../src/index.js'
import { tempFolder } from '../../../tools/temp-folder.js'
import { groupGone, pidsOf, runFile, running, scenarioRef } from './_scenario-file.js'

// Each scenario's child leads a process group of its own, with whatever the scenario starts:
// real processes here (`sleep`), started by real scenarios.
const temp = tempFolder('leakwatch-groups-')

const startsSleep = `import { spawn } from 'node:child_process'
  const sleep = () => spawn('sleep', ['300'], { stdio: 'ignore' })`

describe('runScenario(): the scenario process group', () => {
  it('runs the scenario in a process group of its own, tracked while it lives, gone when the run returns', async () => {
    let tracked: readonly number[] = []
    let members: string[] = []
    const run = await runFile(temp, 'own-group', `${startsSleep}
      import { once } from 'node:events'
      export default { name: 'own-group', cycles: 10, warmup: 1,
        setup: () => ({ sleeping: sleep() }), cycle: () => {},
        teardown: async ({ sleeping }) => { sleeping.kill(); await once(sleeping, 'exit') } }`, {
      onSample: (sample) => {
        if (sample.phase !== 'measure' || members.length > 0) return
        tracked = trackedGroups()
        members = groupMembers(tracked[0] ?? -1).map((m) => m.name).sort()
      },
    })
    expect(run.status).toBe('done')
    expect(tracked).toEqual([run.pid]) // its pid is its group's id
    expect(members).toEqual(['node', 'sleep'])
    expect(run.leftoverProcesses).toBeUndefined()
    expect(run.samples.find((s) => s.phase === 'after' && s.processes !== undefined)?.processes).toBe(0)
    expect(trackedGroups()).toEqual([])
    expect(groupMembers(run.pid as number)).toEqual([])
  })

  it('fails a scenario that leaves processes running after teardown, names them, and kills them', async () => {
    const ref = await scenarioRef(temp, 'forgets-sleep', `${startsSleep}
      export default { name: 'forgets-sleep', cycles: 10, warmup: 1, cycle: () => { sleep() } }`)
    const report = await runSuite({ scenarios: [ref], outDir: join(temp.dir, 'out'), reporters: [], intervalMs: 20, extension: false })
    const [scenario] = report.scenarios
    expect([scenario?.status, scenario?.verdict?.decidedBy]).toEqual(['fail', 'processes'])
    expect(scenario?.verdict?.patterns).toContain('process-leak')
    // a sleep for each of the 11 cycles (1 warm-up, 10 measured)
    expect(scenario?.verdict?.reasons[0]).toBe('Processes left after teardown: 0 → 11 (+11)')
    // the diagnosis pass names the line that spawns them (ProcessWrap handles), then the advice
    expect(scenario?.verdict?.actions[0]).toMatch(/^Look at .*forgets-sleep\.scenario\.mjs:2 \(sleep\): ProcessWrap \+\d+/)
    expect(scenario?.verdict?.actions[1]).toBe("Kill or await every child process on stop (child.kill(), await once(child, 'exit'))")
    const left = scenario?.leftoverProcesses ?? []
    expect(left).toHaveLength(11)
    for (const name of left) expect(name).toMatch(/^sleep \(pid \d+\)$/)
    // killed with the group before the run returned
    expect(pidsOf(left).filter(running)).toEqual([])
  })

  it('passes the clean twin, which kills and awaits the process it starts in each cycle', async () => {
    const ref = await scenarioRef(temp, 'awaits-sleep', `${startsSleep}
      import { once } from 'node:events'
      export default { name: 'awaits-sleep', cycles: 30, warmup: 5,
        cycle: async () => { const child = sleep(); child.kill(); await once(child, 'exit') } }`)
    const report = await runSuite({ scenarios: [ref], outDir: join(temp.dir, 'out'), reporters: [], intervalMs: 20, extension: false })
    const [scenario] = report.scenarios
    expect(scenario?.verdict?.processes).toEqual({ initial: 0, final: 0 })
    expect(scenario?.verdict?.layers.find((l) => l.layer === 'processes')?.status).toBe('pass')
    expect(scenario?.verdict?.patterns).not.toContain('process-leak')
    expect(scenario?.leftoverProcesses).toBeUndefined()
    // memory is measured on shared cores: only a process finding may not decide this run
    expect(scenario?.status).not.toBe('error')
    expect(scenario?.verdict?.decidedBy).not.toBe('processes')
  })

  it.each([
    ['a timeout', `timeoutMs: 1500, cycle: (_ctx, i) => i === 3 ? new Promise(() => {}) : undefined`, false, /^timeout after 1\.5 s/],
    ['a throw', `cycle: (_ctx, i) => { if (i === 3) throw new Error('camera unplugged') }`, false, /^threw: camera unplugged$/],
    ['Ctrl-C', `cycle: () => new Promise((r) => setTimeout(r, 5))`, true, /^interrupted$/],
  ])('ends the group, grandchildren included, when the run ends with %s', async (_, cycle, interrupt, reason) => {
    const controller = new AbortController()
    let seen = 0
    const run = await runFile(temp, 'ends-badly', `${startsSleep}
      export default { name: 'ends-badly', durationMs: 30000, warmup: 1, setup: () => { sleep(); sleep() }, ${cycle} }`, {
      signal: controller.signal,
      onSample: () => {
        if (interrupt && ++seen === 10) controller.abort()
      },
    })
    expect([run.status, run.error]).toEqual(['error', expect.stringMatching(reason)])
    expect(run.leftoverProcesses).toBeUndefined() // it did not finish: what runs is not a leak
    expect(groupMembers(run.pid as number)).toEqual([])
    expect(trackedGroups()).toEqual([])
  })

  it('ends its process group within seconds when leakwatch itself is killed with SIGKILL', async () => {
    const { child, grandchild } = await killLeakwatchDuring('orphan', 'durationMs: 60000', 'new Promise((r) => setTimeout(r, 10))')
    expect(await groupGone(child, 3_000)).toEqual([])
    expect(running(grandchild)).toBe(false)
  })

  it('ends the group of a child stuck in a synchronous loop when leakwatch is killed: a watchdog outside sees it go', async () => {
    // its IPC channel goes unread from the first cycle on
    const { child, grandchild } = await killLeakwatchDuring('stuck', 'cycles: 10', '{ for (;;) {} }')
    expect(await groupGone(child, 10_000)).toEqual([])
    expect(running(grandchild)).toBe(false)
  })
})

/**
 * Runs a scenario that starts a grandchild (`sleep`) in setup under leakwatch as a user runs it
 * (a process of its own, with the built runner), then kills that process with SIGKILL a moment
 * into the cycles. Returns the pids; the caller checks what is left.
 */
async function killLeakwatchDuring(name: string, length: string, cycle: string): Promise<{ child: number; grandchild: number }> {
  const pidFile = join(temp.dir, `${name}.pids`)
  const file = temp.write(`${name}.scenario.mjs`, `${startsSleep}
    import { writeFileSync } from 'node:fs'
    export default { name: '${name}', ${length},
      setup: () => { writeFileSync(${JSON.stringify(pidFile)}, process.pid + ' ' + sleep().pid) },
      cycle: () => ${cycle} }`)
  const script = temp.write(`leakwatch-${name}.mjs`, `const [runner, file, outDir] = process.argv.slice(2)
    const { resolveScenarios, runScenario } = await import(runner)
    const [ref] = await resolveScenarios({ targets: [file] })
    await runScenario(ref, { outDir })`)
  const runner = new URL('../dist/index.js', import.meta.url).href
  const leakwatch = spawn(process.execPath, [script, runner, file, join(temp.dir, `${name}-out`)], { stdio: 'ignore' })
  let pgid: number | undefined
  try {
    const [child, grandchild] = await pidsFrom(pidFile, 30_000)
    pgid = child
    expect(groupMembers(child).map((m) => m.name).sort()).toEqual(['node', 'sleep'])
    await new Promise((r) => setTimeout(r, 300)) // into the cycles
    leakwatch.kill('SIGKILL')
    await once(leakwatch, 'exit')
    return { child, grandchild }
  } catch (err) {
    leakwatch.kill('SIGKILL')
    if (pgid !== undefined && groupMembers(pgid).length > 0) killGroup(pgid)
    throw err
  }
}

/** Waits for the scenario to write `<child pid> <grandchild pid>`. */
async function pidsFrom(file: string, ms: number): Promise<[number, number]> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
    const pids = existsSync(file) ? readFileSync(file, 'utf8').trim().split(' ').map(Number) : []
    if (pids.length === 2 && pids.every((p) => p > 0)) return pids as [number, number]
  }
  throw new Error(`${file}: no pids within ${ms} ms`)
}
