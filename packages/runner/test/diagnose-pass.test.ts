import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { type DiagnoseOptions, type Reporter, resolveScenarios, runSuite } from '../src/index.js'

const temp = tempFolder('leakwatch-diagnose-pass-')

// a session table keyed per cycle, and a keep-alive timer per session never cleared
const LEAKY = `
const sessions = new Map()
const timers = []
export default {
  name: 'sessions-leak',
  cycles: 300,
  cycle(_ctx, i) {
    sessions.set('s-' + i, { id: i, bitrates: new Array(1024).fill(i) }) // line 8: the Map grows
    timers.push(setInterval(() => {}, 60_000)) // line 9: a timer per cycle
  },
  teardown() {
    for (const t of timers) clearInterval(t)
  },
}
`
// the same work, with the table bounded and the timer cleared
const CLEAN = `
const sessions = new Map()
export default {
  name: 'sessions-clean',
  cycles: 300,
  cycle(_ctx, i) {
    sessions.set('s-' + (i % 20), { id: i, bitrates: new Array(32).fill(i) })
    clearInterval(setInterval(() => {}, 60_000))
  },
}
`

async function run(name: string, body: string, diagnose?: DiagnoseOptions) {
  const file = temp.write(`${name}.scenario.mjs`, body)
  const calls: string[] = []
  const reporter: Reporter = {
    onScenarioDiagnose: ({ status }) => calls.push(`diagnose ${status}`),
    onScenarioEnd: (r) => calls.push(`end ${r.status}`),
  }
  const outDir = join(temp.dir, name)
  const report = await runSuite({ scenarios: await resolveScenarios({ targets: [file] }), outDir, reporters: [reporter], extension: false, intervalMs: 50, ...(diagnose ? { diagnose } : {}) })
  return { file, outDir, calls, scenario: report.scenarios[0] }
}

describe('the diagnosis pass', () => {
  it('follows a failing scenario on its own, and names the Map, the line that grows it and the timers', async () => {
    const { file, outDir, calls, scenario } = await run('leaky', LEAKY)
    // the auto pass follows a fail or a warn (a loaded machine can make a short run only warn)
    expect(['fail', 'warn']).toContain(scenario?.status)
    expect(calls).toEqual([`diagnose ${scenario?.status}`, `end ${scenario?.status}`])
    const diagnosis = scenario?.diagnosis
    expect(diagnosis?.error).toBeUndefined()
    expect(diagnosis?.cycles).toBe(300)
    const map = diagnosis?.findings.find((f) => f.kind === 'heap-object' && f.what === 'Map')
    expect(map).toMatchObject({ site: { file, line: 8 } })
    expect(map?.count).toBeGreaterThanOrEqual(290)
    expect(map?.retainers?.join(' → ')).toContain('sessions')
    const timers = diagnosis?.findings.find((f) => f.kind === 'handle' && f.what === 'Timeout')
    expect(timers).toMatchObject({ site: { file, line: 9 } })
    expect(timers?.count).toBeGreaterThanOrEqual(290)
    // the site heads the verdict's actions, and the pass has files of its own beside the run's
    expect(scenario?.verdict?.actions[0]).toMatch(/^Look at .*sessions-leak|^Look at .*leaky\.scenario\.mjs:(8|9)/)
    expect(existsSync(join(outDir, 'samples', 'sessions-leak.diagnose.ndjson'))).toBe(true)
    expect(existsSync(join(outDir, 'diagnose'))).toBe(false) // snapshots are removed once read
  })

  it('does not run with when: never, nor after a pass', async () => {
    const never = await run('never', LEAKY.replace('sessions-leak', 'sessions-never'), { when: 'never' })
    expect(['fail', 'warn']).toContain(never.scenario?.status)
    expect(never.scenario?.diagnosis).toBeUndefined()
    expect(never.calls).toEqual([`end ${never.scenario?.status}`])
    const clean = await run('clean', CLEAN)
    expect(clean.scenario?.status).toBe('pass')
    expect(clean.scenario?.diagnosis).toBeUndefined()
  })

  it('runs after a pass with when: always, and finds nothing growing in the clean twin', async () => {
    const { scenario } = await run('always', CLEAN.replace('sessions-clean', 'sessions-always'), { when: 'always' })
    expect(scenario?.status).toBe('pass')
    const findings = scenario?.diagnosis?.findings ?? []
    expect(scenario?.diagnosis?.parts).toEqual(['sampling', 'snapshot', 'handles', 'fds', 'threads', 'maps'])
    expect(findings.filter((f) => f.kind !== 'heap-site')).toEqual([])
  })

  it('runs only the instruments asked for', async () => {
    const { scenario } = await run('parts', LEAKY.replace('sessions-leak', 'sessions-parts'), { parts: ['handles'] })
    expect(scenario?.diagnosis?.parts).toEqual(['handles'])
    expect(new Set(scenario?.diagnosis?.findings.map((f) => f.kind))).toEqual(new Set(['handle']))
  })

  it('skips the heap snapshots with a note when the heap is over the memory budget', async () => {
    const { scenario } = await run('budget', LEAKY.replace('sessions-leak', 'sessions-budget'), { parts: ['snapshot'], budgetBytes: 1024 * 1024 })
    expect(scenario?.diagnosis?.findings).toEqual([])
    expect(scenario?.diagnosis?.notes.join('\n')).toMatch(/heap snapshots skipped: a .* heap needs about .* over the 1\.0 MiB budget \(--diagnose-budget\)/)
  })

  it('compares a worker thread\'s heap too: a cache inside the worker, named with what holds it', async () => {
    const WORKER = `
import { Worker } from 'node:worker_threads'
import { once } from 'node:events'
const source = \`
const { parentPort } = require('node:worker_threads')
const quotes = new Map()
parentPort.on('message', (id) => { quotes.set(id, { id, lines: new Array(64).fill(id) }); parentPort.postMessage(id) })
\`
export default {
  name: 'worker-quotes',
  cycles: 400,
  setup: () => ({ worker: new Worker(source, { eval: true }) }),
  async cycle({ worker }, i) {
    worker.postMessage(i)
    await once(worker, 'message')
  },
  teardown: ({ worker }) => worker.terminate(),
}
`
    const { scenario } = await run('worker', WORKER, { when: 'always', parts: ['snapshot'] })
    const map = scenario?.diagnosis?.findings.find((f) => f.kind === 'heap-object' && f.what === 'Map')
    expect(map?.retainers?.[0]).toBe('(worker thread 1)')
    expect(map?.retainers?.join(' → ')).toContain('quotes')
    expect(map?.count).toBeGreaterThanOrEqual(390)
  })
})
