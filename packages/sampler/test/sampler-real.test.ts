import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { type Sample, Sampler } from '../src/index.js'
import { ask, startChild, stopChild } from './_children.js'

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
