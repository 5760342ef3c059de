import { afterAll, describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { compareHeapSnapshots, HeapSnapshotBudgetError } from '../src/heap-snapshot/index.js'
import { runWorkload, type Workload } from './heap-snapshot-workload.js'

const temp = tempFolder('leakwatch-heap-snapshot-')
const running: Workload[] = []
afterAll(() => running.forEach((w) => w.stop()))

async function run(name: string, body: string, options: { warmup?: number; cycles?: number; via?: 'v8' | 'inspector' } = {}) {
  const workload = await runWorkload(temp, name, body, { warmup: 20, cycles: 600, via: 'v8', ...options })
  running.push(workload)
  return workload
}

const FRAME_RECORD = 'class FrameRecord { constructor(i) { this.index = i; this.at = Date.now() } }'

// Each test runs a child process that writes two snapshots: seconds, and more on a busy machine.
describe('compareHeapSnapshots() on real snapshots', { timeout: 60_000 }, () => {
  it('names a class retained in a module-level array, with the array as its holder', async () => {
    const w = await run('array', `${FRAME_RECORD}\nconst records = []\nfunction cycle(i) { records.push(new FrameRecord(i)) }`, {
      via: 'inspector',
    })
    const growths = await compareHeapSnapshots(w.before, w.after, { cycles: 600 })
    const [first, second] = growths
    expect(first).toMatchObject({ what: 'FrameRecord', kind: 'instances', count: 600, perCycle: 1, bytes: 600 * 40 })
    expect(first!.retainers[0]).toBe('(module scope) records')
    expect(first!.retainers).toHaveLength(3)
    expect(first!.retainers[1]).toMatch(/^Array\[\d+\]$/)
    expect(first!.retainers[2]).toBe('FrameRecord')
    // The array is the same story: reported right after its class.
    expect(second).toMatchObject({ what: 'Array', kind: 'entries', count: 600, retainers: ['(module scope) records', 'Array'] })
    // The id is one of the process's live FrameRecord objects.
    expect(await w.classNameOf(first!.nodeId)).toBe('FrameRecord')
    expect(await w.classNameOf(second!.nodeId)).toBe('Array')
  })

  it('finds a Map keyed per cycle with number values, where no instance grows', async () => {
    const w = await run('map', 'const lastSeen = new Map()\nfunction cycle(i) { lastSeen.set(i, i * 2) }')
    const growths = await compareHeapSnapshots(w.before, w.after, { cycles: 600 })
    expect(growths[0]).toMatchObject({ what: 'Map', kind: 'entries', retainers: ['(module scope) lastSeen', 'Map'] })
    // Small integers leave no edge in a snapshot: the count comes from the table's capacity (1024 → at least 512).
    expect(growths[0]!.count).toBeGreaterThanOrEqual(490)
    expect(growths[0]!.count).toBeLessThanOrEqual(600)
    expect(growths.filter((g) => g.kind === 'instances')).toEqual([])
  })

  it('counts a Map keyed by strings exactly, entry by entry', async () => {
    const w = await run('map-strings', "const sessions = new Map()\nfunction cycle(i) { sessions.set('session-' + i, Date.now() + i) }")
    const growths = await compareHeapSnapshots(w.before, w.after, { cycles: 600 })
    expect(growths[0]).toMatchObject({ what: 'Map', kind: 'entries', count: 600, perCycle: 1, retainers: ['(module scope) sessions', 'Map'] })
    // The new keys and values are in its bytes: 600 strings and 600 heap numbers at least.
    expect(growths[0]!.bytes).toBeGreaterThan(600 * (24 + 16))
  })

  it('reports nothing for the clean twin: a cache full before the first snapshot, then only replaced', async () => {
    const w = await run(
      'clean',
      `${FRAME_RECORD}
const cache = new Map()
const counters = new Map()
let recent = []
function cycle(i) {
  cache.set('frame-' + (i % 200), new FrameRecord(i))
  counters.set(i % 100, i)
  recent.push(new FrameRecord(i))
  if (recent.length > 50) recent = recent.slice(-50)
}`,
      { warmup: 300 },
    )
    expect(await compareHeapSnapshots(w.before, w.after, { cycles: 600 })).toEqual([])
  })

  it('skips snapshots too big for the budget, before parsing them', async () => {
    const w = await run('budget', 'function cycle() {}', { cycles: 1 })
    const error = await compareHeapSnapshots(w.before, w.after, { cycles: 1, budgetBytes: 1 << 20 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HeapSnapshotBudgetError)
    expect((error as HeapSnapshotBudgetError).code).toBe('LEAKWATCH_HEAP_SNAPSHOT_OVER_BUDGET')
    expect((error as HeapSnapshotBudgetError).note()).toMatch(/^heap snapshot skipped: a \d+ MiB snapshot needs ~\d+ MiB to compare, over the 1 MiB budget$/)
  })
})
