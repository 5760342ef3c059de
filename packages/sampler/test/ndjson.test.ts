import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { Sample } from '@leakwatch/contracts'
import { describe, expect, it } from 'vitest'
import { tempFolder } from '../../../tools/temp-folder.js'
import { ndjsonSink, readSamples } from '../src/index.js'

const temp = tempFolder('leakwatch-ndjson-')

async function collect(source: Parameters<typeof readSamples>[0]): Promise<Sample[]> {
  const samples: Sample[] = []
  for await (const sample of readSamples(source)) samples.push(sample)
  return samples
}

describe('ndjsonSink() and readSamples()', () => {
  it('write samples and read them back as they were', async () => {
    const samples: Sample[] = [
      { t: 0, rss: 1000, phase: 'warmup' },
      { t: 100, rss: 1200, heapUsed: 50, cycle: 0, phase: 'measure', resourceTypes: { Timeout: 2 }, fdKinds: { file: 1, socket: 0, pipe: 2, other: 3 } },
    ]
    const file = join(temp.dir, 'pair.ndjson')
    const out = createWriteStream(file)
    samples.forEach(ndjsonSink(out))
    out.end()
    await once(out, 'finish')
    expect(await collect(file)).toEqual(samples)
  })

  it('reads a stream a line at a time and skips blank lines', async () => {
    const lines = ['{"t":0,"rss":1}', '', '{"t":1,"rss":2}\r', '  ', '{"t":2,"rss":3}']
    expect((await collect(Readable.from([lines.join('\n')]))).map((s) => s.rss)).toEqual([1, 2, 3])
  })

  it('yields each sample as its line arrives, without reading the rest first (a file of any size)', async () => {
    let produced = 0
    const lines = (function* () {
      for (; produced < 100_000; produced++) yield `${JSON.stringify({ t: produced, rss: 1 })}\n`
    })()
    const seen: number[] = []
    for await (const sample of readSamples(Readable.from(lines, { objectMode: false, highWaterMark: 1024 }))) {
      seen.push(sample.t)
      if (seen.length === 3) break
    }
    expect(seen).toEqual([0, 1, 2])
    expect(produced).toBeLessThan(10_000) // a few buffers read ahead, not the 100,000 lines
  })

  it.each([
    ['{"t":0,"rss":1}\nnot json', 'bad.ndjson:2: not valid JSON'],
    ['[1,2]', 'bad.ndjson:1: a sample must be a JSON object'],
    ['{"t":0}', "bad.ndjson:1: 'rss' must be a number, got undefined"],
    ['{"t":0,"rss":1,"heapUsed":"12"}', "bad.ndjson:1: 'heapUsed' must be a number when present, got \"12\""],
    ['{"t":0,"rss":1,"phase":"later"}', "bad.ndjson:1: 'phase' must be one of warmup, measure, teardown, after, got \"later\""],
    ['{"t":0,"rss":1}\n{"t":1,"rss":-5}', "bad.ndjson:2: 'rss' must be 0 or more, got -5"],
    ['{"t":0,"rss":1,"threads":-1}', "bad.ndjson:1: 'threads' must be 0 or more, got -1"],
  ])('names the file and line of a line that is not a sample: %j', async (text, message) => {
    const file = temp.write('bad.ndjson', text)
    const error = await collect(file).catch((err: unknown) => err)
    expect(error).toMatchObject({ code: 'LEAKWATCH_BAD_SAMPLES' })
    expect((error as Error).message).toContain(message.replace('bad.ndjson', file))
  })

  it.each([
    ['followed by more lines', `{"t":0,"rss":1}\n\n${'x'.repeat(2 ** 20 + 1)}\n{"t":1,"rss":1}`, 3],
    ['at the end, without a newline', `{"t":0,"rss":1}\n${'x'.repeat(2 ** 20 + 1)}`, 2],
  ])('names a line longer than 1 MiB (%s): not a samples file', async (_, text, line) => {
    const file = temp.write('long.ndjson', text)
    await expect(collect(file)).rejects.toMatchObject({ code: 'LEAKWATCH_BAD_SAMPLES', message: `${file}:${line}: a line longer than 1 MiB; not a samples file?` })
  })

  it('joins a line split across chunks, and takes a line of up to 1 MiB', async () => {
    const chunks = ['{"t":0,', '"rss":1}\r\n{"t"', ':1,"rss":2', '}\n', `{"t":2,"rss":3${' '.repeat(2 ** 20 - 15)}}`]
    expect((await collect(Readable.from(chunks))).map((s) => s.rss)).toEqual([1, 2, 3])
  })

  it('stops at a line over 1 MiB without reading the rest of it (a 600 MB line is no RangeError)', async () => {
    let produced = 0
    const huge = (function* () {
      for (; produced < 600 * 16; produced++) yield Buffer.alloc(64 * 1024, 'x') // 600 MB, no newline
    })()
    const error = await collect(Readable.from(huge, { objectMode: false })).catch((err: unknown) => err)
    expect(error).toMatchObject({ code: 'LEAKWATCH_BAD_SAMPLES', message: 'input:1: a line longer than 1 MiB; not a samples file?' })
    expect(produced).toBeLessThan(100) // 64 KB chunks: a little over 1 MiB read, not 600 MB
  })

  it('says so, in one line, when the file cannot be read', async () => {
    await expect(collect(join(temp.dir, 'absent.ndjson'))).rejects.toMatchObject({
      code: 'LEAKWATCH_CANNOT_READ',
      message: `cannot read ${join(temp.dir, 'absent.ndjson')}: no such file`,
    })
    await expect(collect(temp.dir)).rejects.toMatchObject({ code: 'LEAKWATCH_CANNOT_READ', message: `cannot read ${temp.dir}: it is a folder` })
  })
})
