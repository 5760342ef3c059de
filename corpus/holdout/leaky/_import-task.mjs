// The piscina task of leak-piscina-pool-per-import: parses one CSV chunk and totals it.
export default function importChunk(csv) {
  let rows = 0
  let total = 0
  for (const line of csv.split('\n')) {
    const [, amount] = line.split(',')
    if (amount === undefined) continue
    rows++
    total += Number(amount)
  }
  return { rows, total }
}
