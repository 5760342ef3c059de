// A small clean scenario, one of four a sharded run splits between two machines.
const recent = []

export default {
  name: 'part-4',
  cycles: 160,
  warmup: 5,
  cycle(_ctx, n) {
    recent.push({ n, payload: 'x'.repeat(256) })
    if (recent.length > 16) recent.shift()
  },
}
