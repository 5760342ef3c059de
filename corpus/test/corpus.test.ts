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
// Half the default length keeps the whole run near 30 s on two cores; every program here
// still has dozens of checkpoints and leaks (or not) as it does at full length.
const SCALE = '0.5'

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
  const files = [...CLEAN, ...LEAKY].map(tune)
  // One run, scenarios one after another: two cores shared by parallel runs would be noise.
  const run = spawnSync(process.execPath, [bin, 'run', ...files, '--scale', SCALE, '--out', out, '--reporter', 'json'], { encoding: 'utf8', timeout: 85_000 })
  const resultsFile = join(out, 'leakwatch-results.json')
  if (!existsSync(resultsFile)) throw new Error(`leakwatch run wrote no results (exit ${run.status}): ${run.stderr.slice(-2000)}`)
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { scenarios: ScenarioResult[] }
  byName = new Map(results.scenarios.map((s) => [s.name, s]))
}, 90_000)

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
