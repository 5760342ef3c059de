// Staged in a commit, this scenario must stop it: every cycle keeps 200 KiB for good.
const kept = []

export default {
  name: 'staged-leak',
  cycles: 150,
  warmup: 10,
  cycle() {
    kept.push(Buffer.alloc(200 * 1024, 1))
  },
}
