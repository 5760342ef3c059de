import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { runIsolated } from '../src/isolated.js'

const GLOBALS_FILE = fileURLToPath(new URL('./fixtures/globals/globals.leak.test.ts', import.meta.url))

describe('runIsolated()', () => {
  const temp = tempFolder('leakwatch-isolated-')

  it('finds a test.leak nested in describe bodies of a globals-style file, vitest stubbed in the child', async () => {
    // the data the worker plans from; the child imports the file and runs its own scenario
    const report = await runIsolated({ file: GLOBALS_FILE, name: 'kept-buffers', scenario: { cycles: 60, cycle: () => {} } }, { outDir: temp.dir, diagnose: false, extension: false })
    expect(report.error).toBeUndefined()
    expect(report.status).toBe('fail')
    expect(report.verdict?.reasons[0]).toMatch(/keeps rising \+6\d\.\d KiB\/cycle/)
  })

  it('ends in error, naming the scenario, when the file declares no such leak test', async () => {
    const report = await runIsolated({ file: GLOBALS_FILE, name: 'no-such-test', scenario: { cycles: 10, cycle: () => {} } }, { outDir: temp.dir, diagnose: false, extension: false })
    expect(report.status).toBe('error')
    expect(report.error).toContain("no scenario named 'no-such-test'")
  })
})
