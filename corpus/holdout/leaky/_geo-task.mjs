// The piscina task of leak-piscina-task-cache: geocodes an address batch and, the leak, keeps
// every batch's results in a module-level Map of the worker, keyed by batch id ("for retries").
const byBatch = new Map()

export default function geocode({ batchId, addresses }) {
  const results = addresses.map((a, k) => ({
    address: a, lat: 48 + ((a.length * 7919 + k) % 1000) / 1000, lon: 2 + ((a.length * 104729 + k) % 1000) / 1000, precision: 'street',
  }))
  byBatch.set(batchId, results)
  return results.length
}
