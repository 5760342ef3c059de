// A piscina task: parse a batch of telemetry records, sort them, and summarise. Each worker's
// heap grows to the size its batches need, then stays there.
import { createHash } from 'node:crypto'

export default function summarise({ json, top }) {
  const records = JSON.parse(json)
  records.sort((a, b) => b.value - a.value)
  const hash = createHash('sha1')
  for (const r of records) hash.update(r.id)
  return { count: records.length, top: records.slice(0, top).map((r) => r.id), digest: hash.digest('hex') }
}
