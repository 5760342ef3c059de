import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { groupMembers, trackedGroups } from '@leakwatch/sampler'
import { afterAll, describe, expect, it } from 'vitest'
import { runScenario } from '../src/index.js'
import { tempFolder } from '../../../tools/temp-folder.js'
import { runFile, scenarioRef } from './_scenario-file.js'

// Samples and the child's log are written as the run goes: a write that fails (a full disk,
// a name too long) ends the run with one line naming the file and the errno, keeps what was
// measured, and leaves no process behind. Real file systems and devices, no stubs.
const temp = tempFolder('leakwatch-write-errors-')

const ticking = (name: string, extra = '') => `import { spawn } from 'node:child_process'
  export default { name: '${name}', durationMs: 30000, warmup: 1,
    setup: () => { spawn('sleep', ['300'], { stdio: 'ignore' }) },
    cycle: () => new Promise((r) => setTimeout(r, 5)), ${extra} }`

/** A tmpfs of `size` mounted for this file, or undefined where mounting is not allowed. */
function tinyTmpfs(size: string): string | undefined {
  const dir = join(temp.dir, 'tmpfs')
  mkdirSync(dir)
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' }).status === 0
  if (mounted) afterAll(() => void spawnSync('umount', ['-l', dir], { stdio: 'ignore' }))
  return mounted ? dir : undefined
}
const tmpfs = tinyTmpfs('64k')

describe('runScenario(): a file that cannot be written', () => {
  it('ends the run when a write fails with ENOSPC (the samples file is /dev/full), and kills the group', async () => {
    const out = join(temp.dir, 'full')
    mkdirSync(join(out, 'samples'), { recursive: true })
    symlinkSync('/dev/full', join(out, 'samples', 'to-full.ndjson'))
    let told = 0
    const run = await runFile(temp, 'to-full', ticking('to-full'), { outDir: out, onSample: () => told++ })
    expect([run.status, run.error]).toEqual(['error', `cannot write ${run.samplesFile}: ENOSPC (no space left on device)`])
    expect(run.samples.length).toBeGreaterThan(0)
    expect(run.samples).toHaveLength(told) // every sample measured is kept, none after the end
    expect(groupMembers(run.pid as number)).toEqual([]) // the child and its sleep
    expect(trackedGroups()).toEqual([])
  })

  it.skipIf(tmpfs === undefined)('ends the run when a 64 KB tmpfs fills up, keeping every sample measured until then', async () => {
    const out = join(tmpfs as string, 'out')
    // 2 KB of output a cycle: the log fills the disk within a second or two
    const run = await runFile(temp, 'fills-disk', ticking('fills-disk').replace('setTimeout(r, 5)', "(console.log('x'.repeat(2048)), setTimeout(r, 5))"), { outDir: out })
    expect(run.status).toBe('error')
    expect(run.error).toMatch(/^cannot write .*\/fills-disk\.(log|ndjson): ENOSPC \(no space left on device\)$/)
    // what reached the disk is the start of what was measured
    const written = readFileSync(run.samplesFile, 'utf8').split('\n').filter((line) => line.endsWith('}'))
    expect(run.samples.length).toBeGreaterThanOrEqual(written.length)
    expect(written.map((line) => JSON.parse(line))).toEqual(run.samples.slice(0, written.length))
    expect(groupMembers(run.pid as number)).toEqual([])
  })

  it('ends the run before it starts when the samples file name is too long (ENAMETOOLONG)', async () => {
    // a legal name, 250 characters: 257 with '.ndjson', over the 255 a file name may have
    const name = 'n'.repeat(250)
    const run = await runFile(temp, 'long-name', `export default { name: '${name}', cycles: 5, cycle: () => {} }`)
    expect([run.status, run.error]).toEqual(['error', `cannot write ${run.samplesFile}: ENAMETOOLONG (name too long)`])
    expect(run.samplesFile.endsWith(`${name}.ndjson`)).toBe(true)
    expect([run.pid, run.samples]).toEqual([undefined, []]) // no process was started
  })

  it.each([
    ['a folder name too long for the file system', () => join(temp.dir, 'd'.repeat(300)), 'ENAMETOOLONG (name too long)'],
    ['a file where the samples folder should be', () => {
      const out = join(temp.dir, 'blocked')
      mkdirSync(out)
      writeFileSync(join(out, 'samples'), '')
      return out
    }, /^(EEXIST|ENOTDIR) /],
  ])('ends the run before it starts when the output folder is %s', async (_, outDir, errno) => {
    const ref = await scenarioRef(temp, 'blocked', `export default { name: 'blocked', cycles: 5, cycle: () => {} }`)
    const run = await runScenario(ref, { outDir: outDir() })
    expect(run.status).toBe('error')
    const prefix = `cannot write ${run.samplesFile}: `
    expect(run.error?.startsWith(prefix)).toBe(true)
    expect(run.error?.slice(prefix.length)).toEqual(typeof errno === 'string' ? errno : expect.stringMatching(errno))
    expect(run.pid).toBeUndefined()
  })
})
