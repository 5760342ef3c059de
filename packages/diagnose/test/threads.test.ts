import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { readThreadNames, threadGrowth } from '../src/threads.js'

describe('threadGrowth()', () => {
  it('names what grew, most first, and marks names that are new', () => {
    const before = new Map([['node', 11]])
    const after = new Map([['node', 23], ['ffmpeg-dec', 40], ['Other', 1]])
    expect(threadGrowth(before, after, 40)).toEqual([
      { kind: 'thread', what: 'ffmpeg-dec', summary: '+40 threads named "ffmpeg-dec" (1.0 per cycle, new)', count: 40, perCycle: 1 },
      { kind: 'thread', what: 'node', summary: '+12 threads named "node" (0.30 per cycle)', count: 12, perCycle: 0.3 },
    ])
  })

  it('leaves out a pool started once over many cycles, and single threads', () => {
    // 4 pool threads over 600 cycles is under one per 50; one thread is under the floor of 2
    expect(threadGrowth(new Map([['node', 11]]), new Map([['node', 15], ['x', 1]]), 600)).toEqual([])
    expect(threadGrowth(new Map([['node', 11]]), new Map([['node', 10]]), 10)).toEqual([])
  })
})

// Starts `n` Workers on cue and terminates them or not; says `end` once they are all running
// (or gone).
const CHILD = `
import { Worker } from 'node:worker_threads'
const [mode, n] = process.argv.slice(1)
process.stdin.once('data', async () => {
  for (let i = 0; i < Number(n); i++) {
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true })
    await new Promise((resolve) => worker.once('online', resolve))
    if (mode === 'clean') await worker.terminate()
  }
  process.stdout.write('end\\n')
})
await import('node:fs/promises').then((fs) => fs.readFile(process.execPath)) // the libuv pool starts on first use
process.stdout.write('baseline\\n')
`

describe.runIf(process.platform === 'linux')('readThreadNames() of a real process', () => {
  async function run(mode: 'leaky' | 'clean', n: number) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, mode, String(n)], { stdio: ['pipe', 'pipe', 'inherit'] })
    try {
      const said = (word: string) =>
        new Promise<void>((resolve) => {
          let text = ''
          const listen = (chunk: Buffer) => {
            text += String(chunk)
            if (!text.includes(`${word}\n`)) return
            child.stdout!.off('data', listen)
            resolve()
          }
          child.stdout!.on('data', listen)
        })
      await said('baseline')
      const before = readThreadNames(child.pid)!
      const ended = said('end')
      child.stdin!.write('go\n')
      await ended
      return { before, after: readThreadNames(child.pid)! }
    } finally {
      child.kill('SIGKILL')
    }
  }

  it('counts one "node" thread per Worker never terminated', async () => {
    const { before, after } = await run('leaky', 6)
    expect(after.get('node')! - before.get('node')!).toBe(6)
    expect(threadGrowth(before, after, 6)).toMatchObject([{ kind: 'thread', what: 'node', count: 6, perCycle: 1 }])
  })

  it('finds nothing when each Worker is terminated (the clean twin)', async () => {
    const { before, after } = await run('clean', 6)
    expect(threadGrowth(before, after, 6)).toEqual([])
  })

  it('reads this process, and is undefined for a pid that is gone', () => {
    const names = readThreadNames()!
    expect([...names.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(1)
    expect(readThreadNames(2 ** 22 + 1)).toBeUndefined()
  })
})
