import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const PACKAGE = fileURLToPath(new URL('..', import.meta.url))
const TSUP = join(PACKAGE, 'node_modules/.bin/tsup')

// A scenario as users build theirs: TypeScript bundled by tsup with a .map beside it, run with
// --enable-source-maps as leakwatch runs the child. The tracker is bundled in with it.
const SCENARIO = `import { HandleTracker } from ${JSON.stringify(join(PACKAGE, 'src/handles.ts'))}

interface Poll { every: number }

function startPoller(poll: Poll): NodeJS.Timeout {
  return setInterval(() => {}, poll.every) // poller-site
}

const tracker = new HandleTracker()
tracker.start(new Set(['Timeout']))
const timers = Array.from({ length: 12 }, () => startPoller({ every: 60_000 }))
setImmediate(() => setImmediate(() => {
  process.stdout.write(JSON.stringify({ findings: tracker.growth(12), formatter: Error.prepareStackTrace?.name }))
  tracker.stop()
  timers.forEach(clearInterval)
}))
`

describe('HandleTracker in a bundled file run with --enable-source-maps', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'leakwatch-maps-'))
    writeFileSync(join(dir, 'scenario.ts'), SCENARIO)
    execFileSync(TSUP, ['scenario.ts', '--format', 'esm', '--sourcemap', '--silent', '--out-dir', 'dist'], { cwd: dir, stdio: 'ignore' })
  }, 60_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const run = (flags: string[]) => {
    const out = execFileSync(process.execPath, [...flags, join(dir, 'dist/scenario.mjs')], { encoding: 'utf8' })
    return JSON.parse(out) as { findings: { site?: { file: string; line: number } }[]; formatter?: string }
  }
  const pollerSiteLine = () => SCENARIO.split('\n').findIndex((line) => line.endsWith('// poller-site')) + 1

  it('names the line in the TypeScript source, mapping the positions it kept', () => {
    const { findings, formatter } = run(['--enable-source-maps'])
    expect(formatter).toBe('ErrorPrepareStackTrace') // Node's own, so the tracker kept raw positions
    expect(findings).toHaveLength(1)
    expect(findings[0]?.site).toMatchObject({ file: join(dir, 'scenario.ts'), line: pollerSiteLine() })
  })

  it('names the bundled file without the flag', () => {
    const { findings } = run([])
    expect(findings[0]?.site?.file).toBe(join(dir, 'dist/scenario.mjs'))
    const bundled = readFileSync(join(dir, 'dist/scenario.mjs'), 'utf8').split('\n')
    expect(bundled[(findings[0]?.site?.line ?? 0) - 1]).toContain('setInterval(')
  })
})
