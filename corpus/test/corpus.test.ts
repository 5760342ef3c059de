import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// A small, fast slice of the tune corpus through the built CLI, as a user runs it: the clean
// programs must pass, and each leaky one must be caught on a layer it declares. The full
// corpus, held-out part included, is `pnpm bench:verdict`'s job.
const bin = fileURLToPath(new URL('../../apps/cli/bin/leakwatch.js', import.meta.url))
const dist = fileURLToPath(new URL('../../apps/cli/dist/index.js', import.meta.url))
const tune = (path: string) => fileURLToPath(new URL(`../tune/${path}`, import.meta.url))

const CLEAN = ['clean/lru-frame-cache.scenario.mjs', 'clean/timers-churn.scenario.mjs']
const LEAKY = [
  'leaky/closure-array.scenario.mjs', // JS heap, fast
  'leaky/log-rotation.scenario.mjs', // fds
  'leaky/report-workers.scenario.mjs', // threads
  'leaky/native-decoder.scenario.mjs', // malloc heap through koffi
]
// Clean programs run at their own length: a cache that fills during the first third of the
// run would fill later at a smaller scale, and a false alarm there is what this test guards
// against. Leaky programs run at half length, still with dozens of checkpoints.
const LEAKY_SCALE = '0.5'

interface ScenarioResult {
  name: string
  status: string
  error?: string
  verdict?: { decidedBy?: string; reasons?: string[] }
}

/** The layers a corpus file declares in its `leak: { layer }` (one name or an array). */
function declaredLayers(file: string): string[] {
  const layer = /\bleak:\s*\{[^}]*?\blayer:\s*(\[[^\]]*\]|'[^']*')/s.exec(readFileSync(file, 'utf8'))?.[1] ?? ''
  return [...layer.matchAll(/'([a-z]+)'/g)].map((m) => m[1] as string)
}

const why = (s: ScenarioResult) => `${s.name}: ${s.status} (${s.error ?? s.verdict?.reasons?.[0] ?? 'no reason'})`

let out: string
let byName: Map<string, ScenarioResult>

beforeAll(() => {
  if (!existsSync(dist)) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before this test)')
  out = mkdtempSync(join(tmpdir(), 'leakwatch-corpus-'))
  byName = new Map()
  // One run after the other, scenarios one at a time: parallel runs on two cores are noise.
  // The limits are generous: in CI other packages' tests share the two cores with these runs.
  for (const [kind, files, scale] of [['clean', CLEAN, '1'], ['leaky', LEAKY, LEAKY_SCALE]] as const) {
    const dir = join(out, kind)
    const args = [bin, 'run', ...files.map(tune), '--scale', scale, '--out', dir, '--reporter', 'json']
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 300_000 })
    const resultsFile = join(dir, 'leakwatch-results.json')
    if (!existsSync(resultsFile)) throw new Error(`leakwatch run wrote no results (exit ${run.status}): ${run.stderr.slice(-2000)}`)
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { scenarios: ScenarioResult[] }
    for (const s of results.scenarios) byName.set(s.name, s)
  }
}, 660_000)

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true })
})

/** The scenario of a corpus file, by the `name` it declares. */
function resultOf(file: string): ScenarioResult {
  const name = /\bname:\s*'((?:clean|leak)-[^']+)'/.exec(readFileSync(file, 'utf8'))?.[1]
  const result = name ? byName.get(name) : undefined
  if (!result) throw new Error(`no result for ${file} (${name ?? 'no name found'})`)
  return result
}

describe('the corpus slice through the built CLI', () => {
  it.each(CLEAN)('passes the clean program %s', (file) => {
    const result = resultOf(tune(file))
    expect(result.status, why(result)).toBe('pass')
  })

  it.each(LEAKY)('catches the leak of %s on a layer it declares', (file) => {
    const result = resultOf(tune(file))
    // warn is enough only for a slow leak; none in this slice is slow
    expect(result.status, why(result)).toBe('fail')
    const decidedBy = result.verdict?.decidedBy
    if (decidedBy !== undefined) expect(declaredLayers(tune(file)), why(result)).toContain(decidedBy)
  })
})
