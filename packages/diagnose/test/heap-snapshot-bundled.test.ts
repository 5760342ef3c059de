import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'tsup'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import type * as HeapSnapshots from '../src/heap-snapshot/index.js'
import { runWorkload, type Workload } from './heap-snapshot-workload.js'

// The worker that parses the first snapshot runs the package's built JavaScript, which the
// source-run tests never load: this file bundles the source as the build does and compares
// the worker's answer with the in-thread one.
const temp = tempFolder('leakwatch-heap-bundled-')
let bundled: typeof HeapSnapshots
let workload: Workload

beforeAll(async () => {
  const outDir = join(temp.dir, 'dist')
  await build({
    entry: { index: fileURLToPath(new URL('../src/heap-snapshot/index.ts', import.meta.url)) },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    silent: true,
    config: false,
    noExternal: [/^@leakwatch\//],
    esbuildOptions(options) {
      options.conditions = ['@leakwatch/source']
    },
  })
  bundled = (await import(pathToFileURL(join(outDir, 'index.js')).href)) as typeof HeapSnapshots
  workload = await runWorkload(
    temp,
    'array',
    'class FrameRecord { constructor(i) { this.index = i } }\nconst records = []\nfunction cycle(i) { records.push(new FrameRecord(i)) }',
    { warmup: 20, cycles: 300, via: 'v8' },
  )
}, 60_000)
afterAll(() => workload?.stop())

describe('compareHeapSnapshots() built', { timeout: 60_000 }, () => {
  it('gives the same growths with the first snapshot parsed in a worker thread as in this one', async () => {
    const inWorker = await bundled.compareHeapSnapshots(workload.before, workload.after, { cycles: 300, parallel: true })
    const inThread = await bundled.compareHeapSnapshots(workload.before, workload.after, { cycles: 300 })
    expect(inWorker[0]).toMatchObject({ what: 'FrameRecord', kind: 'instances', count: 300 })
    expect(inWorker).toEqual(inThread)
  })

  it('passes on the worker’s error when the first snapshot is cut short', async () => {
    // A sound head (so the budget check passes) and a body that ends inside the nodes.
    const broken = temp.write('broken.heapsnapshot', readFileSync(workload.before, 'latin1').slice(0, 200_000))
    const error = await bundled.compareHeapSnapshots(broken, workload.after, { cycles: 300, parallel: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as { code?: string }).code).toBe('LEAKWATCH_HEAP_SNAPSHOT_INVALID')
    expect((error as Error).message).toMatch(/broken\.heapsnapshot is not a heap snapshot we can read: the file ends inside "nodes"/)
  })
})
