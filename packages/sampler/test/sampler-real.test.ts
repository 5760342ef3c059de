import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { type Sample, Sampler, sampleProcess, watchProcess } from '../src/index.js'
import { ask, startChild, startZombie, stopChild } from './_children.js'

const children: ReturnType<typeof startChild>[] = []
afterEach(async () => {
  await Promise.all(children.splice(0).map(stopChild))
})

describe('Sampler on a real process', () => {
  it("ends with 'exit' when the pid exits mid-sampling, and loses no sample", async () => {
    const child = startChild(`process.send('ready'); setTimeout(() => {}, 400)`)
    children.push(child)
    await ask(child)
    const sunk: Sample[] = []
    const sampler = new Sampler({ pid: child.pid, intervalMs: 10, capacity: 5, sink: (s) => sunk.push(s) })
    const exited = once(sampler, 'exit')
    sampler.start()
    const [info] = await exited
    expect(info).toMatchObject({ pid: child.pid })
    expect(sampler.exited).toBe(true)
    expect(sampler.running).toBe(false)
    // every sample taken reached the sink, in order; the buffer holds the newest five
    expect(sunk.length).toBe(sampler.count)
    expect(sunk.length).toBeGreaterThanOrEqual(10)
    expect(sunk.every((s, i) => i === 0 || s.t > (sunk[i - 1] as Sample).t)).toBe(true)
    expect(sampler.samples).toEqual(sunk.slice(-5))
    expect(await sampler.sampleNow()).toBeUndefined()
  })

  it.runIf(process.platform === 'linux')('samples a pid on its interval with t counted from start()', async () => {
    const child = startChild(`process.send('ready'); setInterval(() => {}, 1000)`)
    children.push(child)
    await ask(child)
    const sampler = new Sampler({ pid: child.pid, intervalMs: 20 }).start()
    await new Promise((r) => setTimeout(r, 200))
    sampler.stop()
    const { samples } = sampler
    expect(samples.length).toBeGreaterThanOrEqual(5)
    expect(samples[0]?.t).toBeLessThan(20)
    expect(samples.every((s) => s.rss > 0 && s.threads !== undefined && s.handles !== undefined)).toBe(true)
  })
})

describe.runIf(process.platform === 'linux')('a zombie pid', () => {
  it('is refused as exited, though kill(pid, 0) still finds it', async () => {
    const zombie = await startZombie()
    try {
      expect(process.kill(zombie.pid, 0)).toBe(true) // why kill(pid, 0) alone is not enough
      const exited = `no process with pid ${zombie.pid} (it has exited)`
      expect(() => new Sampler({ pid: zombie.pid }).start()).toThrow(exited)
      // the pidusage path, taken off Linux
      await expect(sampleProcess(zombie.pid, { platform: 'darwin' })).rejects.toMatchObject({ code: 'LEAKWATCH_NO_SUCH_PID', message: exited })
      await expect(watchProcess({ target: { pid: zombie.pid }, onSample: () => {} })).rejects.toMatchObject({ code: 'LEAKWATCH_NO_SUCH_PID', message: exited })
    } finally {
      await zombie.end()
    }
  })
})

describe('Sampler timers', () => {
  it.each([
    [{ intervalMs: 2 ** 31 }, "interval must be at most 2147483647 ms (Node's longest timer), got 2147483648"],
    [{ intervalMs: 1e11 }, "interval must be at most 2147483647 ms (Node's longest timer), got 100000000000"],
  ])('refuses %j, which Node would turn into 1 ms', (options, message) => {
    expect(() => new Sampler(options)).toThrow(message)
  })

  it('refuses a watchProcess duration past the longest timer before starting anything', async () => {
    await expect(watchProcess({ target: { command: ['sleep', '30'] }, durationMs: 3e9, onSample: () => {} })).rejects.toMatchObject({
      code: 'LEAKWATCH_BAD_INTERVAL',
      message: "durationMs must be at most 2147483647 ms (Node's longest timer), got 3000000000",
    })
  })
})
