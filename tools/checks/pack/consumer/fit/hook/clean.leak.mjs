// The clean twin of leaky.leak.mjs: it keeps the last 8 buffers only.
const kept = []

export default {
  name: 'staged-leak',
  cycles: 150,
  warmup: 10,
  cycle() {
    kept.push(Buffer.alloc(200 * 1024, 1))
    if (kept.length > 8) kept.shift()
  },
}
