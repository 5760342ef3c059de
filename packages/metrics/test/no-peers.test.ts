import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(join(tmpdir(), 'leakwatch-metrics-no-peers-'))

afterAll(() => rmSync(tmp, { recursive: true, force: true }))

// The built package in a folder whose node_modules hold its dependencies but neither peer.
describe('@leakwatch/metrics without its optional peers', () => {
  it('imports, and each exporter says in one line what to install', () => {
    if (!existsSync(join(packageDir, 'dist/index.js'))) throw new Error('packages/metrics is not built: run `pnpm --filter @leakwatch/metrics... build`')
    cpSync(join(packageDir, 'dist'), join(tmp, 'dist'), { recursive: true })
    mkdirSync(join(tmp, 'node_modules/@leakwatch'), { recursive: true })
    for (const dep of ['contracts', 'sampler']) {
      symlinkSync(join(packageDir, 'node_modules/@leakwatch', dep), join(tmp, 'node_modules/@leakwatch', dep))
    }
    const script = `
      const m = await import('./dist/index.js')
      const monitor = { rebaseline() {}, check() {}, on() { return this } }
      for (const f of [m.prometheusCollector, m.openTelemetryMetrics]) {
        try { f(monitor) } catch (e) { console.log(e.code, e.message) }
      }
      console.log(m.formatPrometheus(m.sampleFamilies({ t: 0, rss: 1 })).split('\\n')[2])`
    // pnpm's bin shims put the whole store on NODE_PATH, where the peers would be found
    const { NODE_PATH: _storePath, ...env } = process.env
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmp, env, encoding: 'utf8' })
    expect(out).toBe(
      'LEAKWATCH_MISSING_PEER prom-client is not installed: npm install prom-client\n' +
        'LEAKWATCH_MISSING_PEER @opentelemetry/api is not installed: npm install @opentelemetry/api\n' +
        'leakwatch_rss_bytes 1\n',
    )
  })
})
