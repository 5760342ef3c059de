import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

// End to end: the bin as a user runs it, on the built package.
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))

beforeAll(() => {
  if (!existsSync(dist)) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before `test`)')
})

/** Waits until `condition` holds, checking every 20 ms. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20))
}

const leakwatch = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20_000 })

describe('the leakwatch bin', () => {
  it('prints one line and exits 2 on a bad flag, without a stack trace', () => {
    const result = leakwatch('sample', '--interval', 'soon', '--pid', '1')
    expect(result.status).toBe(2)
    expect(result.stderr).toBe("leakwatch: --interval must be a whole number of at least 1, got 'soon'\n")
  })

  it('samples a short command and exits 0', () => {
    const result = leakwatch('sample', '--interval', '100', '--', process.execPath, '-e', 'setTimeout(() => {}, 500)')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^\s+t \(s\)/)
    expect(result.stdout).toMatch(/\d+ samples over/)
  })

  it('on Ctrl-C writes what it measured and exits 130', async () => {
    const target = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    try {
      const cli = spawn(process.execPath, [bin, 'sample', '--pid', String(target.pid), '--interval', '50', '--format', 'ndjson'])
      let stdout = ''
      cli.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
      })
      // Ctrl-C once sampling is under way (a busy machine may take a while to start node)
      await until(() => stdout.split('\n').length > 3)
      cli.kill('SIGINT')
      const [code] = await once(cli, 'exit')
      expect(code).toBe(130)
      const lines = stdout.trim().split('\n')
      expect(lines.length).toBeGreaterThanOrEqual(3)
      expect(() => lines.map((l) => JSON.parse(l))).not.toThrow()
    } finally {
      target.kill('SIGKILL')
    }
  })

  it('on Ctrl-C during a run kills the scenario, writes the partial results and exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakwatch-bin-'))
    try {
      const scenario = join(dir, 'slow.scenario.mjs')
      writeFileSync(scenario, `export default { name: 'slow', durationMs: 60000, cycle: () => new Promise((r) => setTimeout(r, 5)) }`)
      const cli = spawn(process.execPath, [bin, 'run', scenario, '--out', join(dir, 'out')])
      let stdout = ''
      cli.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
      })
      await until(() => stdout.includes('▶ slow'))
      await new Promise((r) => setTimeout(r, 300))
      cli.kill('SIGINT')
      const [code] = await once(cli, 'exit')
      expect(code).toBe(130)
      expect(stdout).toContain('interrupted: 0 passed, 0 warned, 0 failed, 1 errors')
      const results = JSON.parse(readFileSync(join(dir, 'out', 'leakwatch-results.json'), 'utf8'))
      expect(results).toMatchObject({ interrupted: true, scenarios: [{ name: 'slow', error: 'interrupted' }] })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('names a scenario file with a syntax error in one line and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakwatch-bin-'))
    try {
      const scenario = join(dir, 'typo.scenario.ts')
      writeFileSync(scenario, 'export default { name: "typo", cycles: 10, cycle() {}')
      const result = leakwatch('run', scenario, '--out', join(dir, 'out'))
      expect(result.status).toBe(2)
      expect(result.stderr).toMatch(new RegExp(`^leakwatch: ${scenario}: cannot load it: .+\n$`))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

