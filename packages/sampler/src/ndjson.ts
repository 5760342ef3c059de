import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import type { Sample } from '@leakwatch/contracts'
import { SamplerError } from './errors.js'

const NUMERIC = ['heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'nativeHeap', 'threads', 'handles', 'resources', 'cpu', 'cycle', 'blockedWorkers'] as const
const PHASES = new Set(['warmup', 'measure', 'teardown', 'after'])

/**
 * Writes each sample as one line of NDJSON to a stream (a file, stdout): the format
 * `readSamples` reads, `leakwatch run` keeps and `leakwatch grade` grades.
 *
 * @example
 * const sampler = new Sampler({ pid, sink: ndjsonSink(createWriteStream('samples.ndjson')) })
 */
export function ndjsonSink(stream: NodeJS.WritableStream): (sample: Sample) => void {
  return (sample) => {
    stream.write(`${JSON.stringify(sample)}\n`)
  }
}

/**
 * Reads samples from NDJSON, one per line, as they are parsed: a file of any size is read
 * in constant memory. Blank lines are skipped. A line that is not a sample is a
 * `SamplerError` (`LEAKWATCH_BAD_SAMPLES`) naming the file and line; a file that cannot be
 * read is one too (`LEAKWATCH_CANNOT_READ`).
 *
 * @example
 * for await (const sample of readSamples('leakwatch-results/samples/frame-cache.ndjson')) {
 *   if (sample.phase === 'measure') console.log(sample.cycle, sample.heapUsed)
 * }
 */
export async function* readSamples(source: string | Readable, name = typeof source === 'string' ? source : 'input'): AsyncGenerator<Sample> {
  const input = typeof source === 'string' ? createReadStream(source) : source
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  let n = 0
  try {
    for await (const line of lines) {
      n++
      if (line.trim() !== '') yield toSample(line, `${name}:${n}`)
    }
  } catch (err) {
    if (err instanceof SamplerError) throw err
    throw new SamplerError('LEAKWATCH_CANNOT_READ', `cannot read ${name}: ${describe(err)}`, { cause: err })
  } finally {
    lines.close()
    if (typeof source === 'string') input.destroy()
  }
}

function toSample(line: string, where: string): Sample {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (err) {
    throw bad(`${where}: not valid JSON (${(err as Error).message})`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(`${where}: a sample must be a JSON object`)
  const s = value as Record<string, unknown>
  for (const key of ['t', 'rss'] as const) {
    if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) throw bad(`${where}: '${key}' must be a number, got ${JSON.stringify(s[key])}`)
  }
  for (const key of NUMERIC) {
    if (s[key] !== undefined && (typeof s[key] !== 'number' || !Number.isFinite(s[key]))) {
      throw bad(`${where}: '${key}' must be a number when present, got ${JSON.stringify(s[key])}`)
    }
  }
  if (s.phase !== undefined && !PHASES.has(s.phase as string)) {
    throw bad(`${where}: 'phase' must be one of warmup, measure, teardown, after, got ${JSON.stringify(s.phase)}`)
  }
  return s as unknown as Sample
}

const bad = (message: string) => new SamplerError('LEAKWATCH_BAD_SAMPLES', message)

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a folder'
  if (code === 'EACCES') return 'permission denied'
  return (err as Error).message
}
