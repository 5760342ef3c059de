import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { Sample } from '@leakwatch/sampler'
import { UsageError } from './errors.js'

const NUMERIC = ['heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'nativeHeap', 'threads', 'handles', 'resources', 'cpu', 'cycle'] as const
const PHASES = new Set(['warmup', 'measure', 'teardown', 'after'])

/**
 * Reads an NDJSON file of samples, one per line, streaming (a day at 100 ms is ~80 MB).
 * A line that is not a sample is a UsageError naming the file and line.
 */
export async function readSamples(path: string): Promise<Sample[]> {
  const samples: Sample[] = []
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })
  let n = 0
  try {
    for await (const line of lines) {
      n++
      if (line.trim() === '') continue
      samples.push(toSample(line, `${path}:${n}`))
    }
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`cannot read ${path}: ${describe(err)}`, { cause: err })
  }
  return samples
}

function toSample(line: string, where: string): Sample {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (err) {
    throw new UsageError(`${where}: not valid JSON (${(err as Error).message})`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${where}: a sample must be a JSON object`)
  const s = value as Record<string, unknown>
  for (const key of ['t', 'rss'] as const) {
    if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) throw new UsageError(`${where}: '${key}' must be a number, got ${JSON.stringify(s[key])}`)
  }
  for (const key of NUMERIC) {
    if (s[key] !== undefined && (typeof s[key] !== 'number' || !Number.isFinite(s[key]))) {
      throw new UsageError(`${where}: '${key}' must be a number when present, got ${JSON.stringify(s[key])}`)
    }
  }
  if (s.phase !== undefined && !PHASES.has(s.phase as string)) {
    throw new UsageError(`${where}: 'phase' must be one of warmup, measure, teardown, after, got ${JSON.stringify(s.phase)}`)
  }
  return s as unknown as Sample
}

/** Reads and parses a JSON file, with one clear line when it cannot. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${describe(err)}`, { cause: err })
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON (${(err as Error).message})`, { cause: err })
  }
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a folder'
  if (code === 'EACCES') return 'permission denied'
  return (err as Error).message
}
