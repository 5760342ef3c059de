import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const child = fileURLToPath(new URL('../dist/child.js', import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/plain-mjs/plain.leak.test.mjs', import.meta.url))

beforeAll(() => {
  if (!existsSync(child)) throw new Error('packages/vitest is not built: run `pnpm build` (turbo builds it before `test`)')
})

describe('the child entry on a plain .mjs test file', () => {
  it('imports it once, with vitest stubbed for Node\'s own loader too, and registers each test.leak', () => {
    // what the runner's child does: import the entry with the test file in its query, then find the suite
    const script = `
      await import(${JSON.stringify(`${pathToFileURL(child).href}?file=${fixture}`)})
      const { registeredSuites } = await import('@leakwatch/runner')
      const suite = registeredSuites().find((s) => s.name.startsWith('vitest:'))
      console.log(JSON.stringify(suite.scenarios.map((s) => s.name)))`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8', timeout: 60_000 })
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual(['keeps-a-buffer-a-cycle', 'keeps-nothing'])
  }, 60_000)
})
