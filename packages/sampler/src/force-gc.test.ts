import { describe, expect, it } from 'vitest'
import { forceGC } from './force-gc.js'

/** Creates an object only a WeakRef holds; returns the WeakRef. */
function weaklyHeld(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill(0) })
}

describe('forceGC()', () => {
  it('collects unreachable objects without --expose-gc', async () => {
    expect(process.execArgv).not.toContain('--expose-gc')
    const ref = weaklyHeld()
    // WeakRef targets live at least until the current job ends
    await new Promise((r) => setImmediate(r))
    forceGC()
    expect(ref.deref()).toBeUndefined()
  })

  it('leaves alone what is still reachable', async () => {
    const kept = { payload: [1, 2, 3] }
    const ref = new WeakRef(kept)
    await new Promise((r) => setImmediate(r))
    forceGC()
    expect(ref.deref()).toBe(kept)
  })

  it('does not put gc on the global object', () => {
    forceGC()
    expect('gc' in globalThis).toBe(false)
  })
})
