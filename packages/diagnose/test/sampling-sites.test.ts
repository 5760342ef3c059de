import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { GrowthSites } from '../src/grow-sites.js'
import { Inspector } from '../src/inspector.js'
import { HeapSampling, heapSites } from '../src/sampling.js'
import { churn, FrameRecord, keepFrame, lastSeen, records, remember } from './fixtures/growing.js'

const fixture = fileURLToPath(new URL('./fixtures/growing.ts', import.meta.url))
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * V8's heap object id of a value, as a heap snapshot would name it. V8 follows objects that
 * a GC moves only once a snapshot has been taken, as the diagnosis has done before it probes.
 */
async function heapId(inspector: Inspector, value: unknown): Promise<number> {
  const key = Symbol.for('leakwatch.test.probe')
  ;(globalThis as Record<symbol, unknown>)[key] = value
  try {
    const { result } = await inspector.post<{ result: { objectId: string } }>('Runtime.evaluate', { expression: "globalThis[Symbol.for('leakwatch.test.probe')]" })
    await inspector.post('HeapProfiler.enable')
    await inspector.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
    const { heapSnapshotObjectId } = await inspector.post<{ heapSnapshotObjectId: string }>('HeapProfiler.getHeapObjectId', { objectId: result.objectId })
    return Number(heapSnapshotObjectId)
  } finally {
    delete (globalThis as Record<symbol, unknown>)[key]
  }
}

// each probe test takes a heap snapshot of the test's own process first: seconds on a loaded machine
describe('in-process instruments', { timeout: 60_000 }, () => {
  let inspector: Inspector | undefined
  afterEach(() => {
    inspector?.close()
    records.length = 0
    lastSeen.clear()
  })

  it('the sampling profile charges kept allocations to the function that made them, and not garbage', async () => {
    inspector = new Inspector()
    const sampling = new HeapSampling(inspector)
    await sampling.start()
    for (let i = 0; i < 4000; i++) {
      keepFrame(i)
      churn(i)
    }
    gc()
    const sites = heapSites(await sampling.stop(), 4000)
    const top = sites[0]
    expect(top?.kind).toBe('heap-site')
    expect(top?.site?.file).toBe(fixture)
    expect(['FrameRecord', 'keepFrame']).toContain(top?.what)
    expect(sites.some((s) => s.what === 'churn')).toBe(false)
    expect(top?.bytesPerCycle).toBeGreaterThan(200) // 64 numbers a frame: ~0.5 KB each
    // 4000 frames kept, each a FrameRecord and its array: estimated from the samples, roughly
    expect(top?.count).toBeGreaterThan(1000)
    expect(top?.count).toBeLessThan(20_000)
  })

  it('a probe on a constructor names the statement under `new`, and one on a Map names its set() call', async () => {
    inspector = new Inspector()
    keepFrame(0)
    remember(0)
    const probes = new GrowthSites(inspector)
    const installed = await probes.install([
      { kind: 'instances', nodeId: await heapId(inspector, records[0] as FrameRecord) },
      { kind: 'entries', nodeId: await heapId(inspector, lastSeen) },
    ])
    expect(installed).toEqual([true, true])
    for (let i = 1; i <= 50; i++) {
      keepFrame(i)
      remember(i)
    }
    await probes.remove()
    const instances = probes.site(0)
    expect(instances?.site).toMatchObject({ file: fixture, line: 13 })
    expect(instances?.named).toBe(50)
    expect(probes.site(1)?.site).toMatchObject({ file: fixture, line: 17 })
    // removed: the Map's own set is gone, and nothing more is recorded
    expect(Object.prototype.hasOwnProperty.call(lastSeen, 'set')).toBe(false)
    remember(99)
    expect(probes.site(1)?.captured).toBe(50)
  })

  it('a builtin constructor cannot be probed, and says so', async () => {
    inspector = new Inspector()
    const plain = { kept: true }
    const probes = new GrowthSites(inspector)
    expect(await probes.install([{ kind: 'instances', nodeId: await heapId(inspector, plain) }])).toEqual([false])
    await probes.remove()
    expect(probes.site(0)).toBeUndefined()
  })
})
