// A clean scenario the config's glob finds: a bounded list of recent requests.
const recent = []

export default {
  name: 'config-b',
  cycles: 60,
  warmup: 5,
  cycle(_ctx, i) {
    recent.push({ i, at: Date.now() })
    if (recent.length > 20) recent.shift()
  },
}
