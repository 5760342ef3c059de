import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../src/main.js'
import { captureIo } from './_io.js'

// `leakwatch sample -- node server.js`, then `leakwatch grade`: a real HTTP server, sampled from
// outside from before it has booted, graded on what it does after its start-up.
const server = fileURLToPath(new URL('../../../tools/demo/http-server.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-external-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function sampleThenGrade(name: string, env: Record<string, string>, seconds = 16) {
  const saved = { ...process.env }
  Object.assign(process.env, env) // the started command inherits leakwatch's environment
  const sampled = captureIo()
  try {
    expect(await main(['sample', '--duration', String(seconds), '--interval', '200', '--format', 'ndjson', '--', process.execPath, server], sampled.io)).toBe(0)
  } finally {
    process.env = saved
  }
  const file = join(dir, `${name}.ndjson`)
  writeFileSync(file, sampled.stdout())
  const graded = captureIo()
  const code = await main(['grade', file, '--format', 'json'], graded.io)
  return { code, verdict: JSON.parse(graded.stdout()) }
}

describe('a process sampled from outside, then graded', () => {
  it('passes an idle server, though it booted while it was sampled', async () => {
    const { code, verdict } = await sampleThenGrade('idle', {})
    expect([code, verdict.status], verdict.reasons.join('\n')).toEqual([0, 'pass'])
    expect(verdict.startupMs).toBeGreaterThan(0)
  }, 30_000)

  it('does not fail a server under steady load that keeps nothing', async () => {
    // 30 s: under load V8 sizes its heap for a while. Alone on the machine this is a pass;
    // with other processes on the two cores that sizing can last the whole sample and read as
    // a slow rise (a warn, exit 0): what it must never be is a fail
    const { code, verdict } = await sampleThenGrade('loaded', { LOAD: '50' }, 30)
    expect(code).toBe(0)
    expect(['pass', 'warn'], verdict.reasons.join('\n')).toContain(verdict.status)
  }, 60_000)

  it('flags a server that keeps 30 KB of every request', async () => {
    const { verdict } = await sampleThenGrade('leaky', { LOAD: '50', LEAK_KB: '30' })
    // a fail on a quiet machine; when other tests starve the server of CPU its requests (and
    // its leak) pause, RSS may sit flat at the end, and an honest verdict is then a warn
    expect(['fail', 'warn'], verdict.reasons.join('\n')).toContain(verdict.status)
    expect(verdict.decidedBy).toBe('rss')
  }, 30_000)
})
