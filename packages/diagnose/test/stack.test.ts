import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { firstUserFrame, parseFrame, parseStack } from '../src/stack.js'

describe('parseFrame()', () => {
  // Lines as V8 prints them (Node 20), with and without --enable-source-maps.
  it.each([
    ['    at poll (/app/src/poller.ts:42:5)', { file: '/app/src/poller.ts', line: 42, column: 5, function: 'poll' }],
    ['    at /app/dist/index.js:7:1', { file: '/app/dist/index.js', line: 7, column: 1 }],
    ['    at file:///app/dist/main.mjs:9:11', { file: '/app/dist/main.mjs', line: 9, column: 11 }],
    ['    at async Pool.acquire (file:///app/x%20y/pool.js:3:2)', { file: '/app/x y/pool.js', line: 3, column: 2, function: 'Pool.acquire' }],
    ['    at new Poller (/app/src/poller.ts:10:3)', { file: '/app/src/poller.ts', line: 10, column: 3, function: 'new Poller' }],
    ['    at <anonymous> (/app/src/poller.ts:8:1)', { file: '/app/src/poller.ts', line: 8, column: 1 }],
    ['    at setInterval (node:timers:233:19)', { file: 'node:timers', line: 233, column: 19, function: 'setInterval' }],
    ['    at Object.<anonymous> (/app/a.cjs:1:1)', { file: '/app/a.cjs', line: 1, column: 1, function: 'Object.<anonymous>' }],
    ['    at /app/x (copy)/a.js:2:3', { file: '/app/x (copy)/a.js', line: 2, column: 3 }],
    ['    at load (/app/x (copy)/a.js:2:3)', { file: '/app/x (copy)/a.js', line: 2, column: 3, function: 'load' }],
    ['    at eval (eval at run (file:///app/e.js:3:7), <anonymous>:1:1)', { file: '/app/e.js', line: 3, column: 7, function: 'eval' }],
  ])('%s', (line, expected) => {
    expect(parseFrame(line)).toEqual(expected)
  })

  it.each(['Error: boom', '    at new Promise (<anonymous>)', '    at Array.map (native)', ''])('leaves out %j', (line) => {
    expect(parseFrame(line)).toBeUndefined()
  })
})

describe('parseStack()', () => {
  it('parses a real stack of this file, innermost first, at the line that made it', () => {
    const err = new Error('here') // the line below is this one + 1
    const line = Number(/stack\.test\.ts:(\d+)/.exec(err.stack ?? '')?.[1])
    const frames = parseStack(err.stack ?? '')
    expect(frames[0]).toMatchObject({ file: fileURLToPath(import.meta.url), line })
    expect(frames.length).toBeGreaterThan(1)
  })
})

describe('firstUserFrame()', () => {
  const at = (file: string) => ({ file, line: 1, column: 1 })
  const own = fileURLToPath(new URL('../src/handles.ts', import.meta.url))

  it('skips node internals and leakwatch itself', () => {
    const frames = [at('node:internal/timers'), at(own), at('/app/node_modules/@leakwatch/runner/dist/child.js'), at('/app/src/poller.ts')]
    expect(firstUserFrame(frames)?.file).toBe('/app/src/poller.ts')
  })

  it("names the user's call into a dependency rather than the dependency", () => {
    const frames = [at('/app/node_modules/undici/lib/pool.js'), at('/app/src/client.ts'), at('/app/node_modules/vitest/x.js')]
    expect(firstUserFrame(frames)?.file).toBe('/app/src/client.ts')
  })

  it('falls back to the first dependency frame when the user has none', () => {
    const frames = [at('node:net'), at('/app/node_modules/undici/lib/pool.js'), at('/app/node_modules/undici/lib/agent.js')]
    expect(firstUserFrame(frames)?.file).toBe('/app/node_modules/undici/lib/pool.js')
  })

  it("does not mistake a user's own packages/runner for leakwatch's", () => {
    expect(firstUserFrame([at('/elsewhere/packages/runner/src/run.ts')])?.file).toBe('/elsewhere/packages/runner/src/run.ts')
  })

  it('skips what options.skip names, and is undefined when nothing is left', () => {
    expect(firstUserFrame([at('/app/harness/run.ts')], { skip: ['/harness/'] })).toBeUndefined()
    expect(firstUserFrame([at('node:net')])).toBeUndefined()
  })
})
