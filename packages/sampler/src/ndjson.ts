import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type { Sample } from '@leakwatch/contracts'
import { SamplerError } from './errors.js'

const NUMERIC = ['heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'nativeHeap', 'threads', 'handles', 'resources', 'processes', 'cpu', 'cycle', 'blockedWorkers'] as const
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

/** The longest line a samples file may have: a sample is a few hundred bytes. */
export const MAX_LINE_BYTES = 1024 * 1024
const NEWLINE = 0x0a

/**
 * Reads samples from NDJSON, one per line, as they are parsed: a file of any size is read
 * in constant memory. Blank lines are skipped, and a line may end in `\r\n`. A line that is
 * not a sample, or is longer than 1 MiB (`MAX_LINE_BYTES`: not a samples file), is a
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
  let n = 0
  const sample = (line: string) => {
    n++
    return line.trim() === '' ? undefined : toSample(line, `${name}:${n}`)
  }
  try {
    // split by hand: readline holds a line of any length in memory (a 600 MB line ends in a RangeError)
    let pending: Buffer[] = []
    let pendingBytes = 0
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      let from = 0
      for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, from)) {
        if (pendingBytes + end - from > MAX_LINE_BYTES) throw tooLong(name, n + 1)
        const line = pendingBytes === 0 ? bytes.toString('utf8', from, end) : Buffer.concat([...pending, bytes.subarray(from, end)]).toString('utf8')
        pending = []
        pendingBytes = 0
        from = end + 1
        const s = sample(line)
        if (s) yield s
      }
      if (from < bytes.length) {
        pendingBytes += bytes.length - from
        if (pendingBytes > MAX_LINE_BYTES) throw tooLong(name, n + 1)
        // copied: a stream may reuse its buffer
        pending.push(Buffer.from(bytes.subarray(from)))
      }
    }
    if (pendingBytes > 0) {
      const s = sample(Buffer.concat(pending).toString('utf8'))
      if (s) yield s
    }
  } catch (err) {
    if (err instanceof SamplerError) throw err
    throw new SamplerError('LEAKWATCH_CANNOT_READ', `cannot read ${name}: ${describe(err)}`, { cause: err })
  } finally {
    if (typeof source === 'string') input.destroy()
  }
}

const tooLong = (name: string, line: number) => bad(`${name}:${line}: a line longer than 1 MiB; not a samples file?`)

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
  if ((s.rss as number) < 0) throw bad(`${where}: 'rss' must be 0 or more, got ${s.rss as number}`)
  for (const key of NUMERIC) {
    if (s[key] !== undefined && (typeof s[key] !== 'number' || !Number.isFinite(s[key]))) {
      throw bad(`${where}: '${key}' must be a number when present, got ${JSON.stringify(s[key])}`)
    }
    // memory in bytes, counts, CPU time and cycle numbers: none can be below 0
    if ((s[key] as number) < 0) throw bad(`${where}: '${key}' must be 0 or more, got ${s[key] as number}`)
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
