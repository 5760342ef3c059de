import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Sample } from '@leakwatch/contracts'

/**
 * The samples of an NDJSON samples file as they are read, one line at a time: the file is
 * never held whole. A line that is not a sample (a last line cut short by an interrupted
 * run) is passed over: a chart draws what there is.
 */
export async function* streamSamples(file: string): AsyncGenerator<Sample> {
  const input = createReadStream(file)
  const lines = createInterface({ input, crlfDelay: Infinity })
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        continue
      }
      if (typeof value === 'object' && value !== null && typeof (value as Sample).t === 'number' && typeof (value as Sample).rss === 'number') yield value as Sample
    }
  } finally {
    lines.close()
    input.destroy()
  }
}
