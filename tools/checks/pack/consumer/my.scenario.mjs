// A user's scenario file: a cache that fills and then stays full. `leakwatch run ./my.scenario.mjs`
import { defineScenario } from 'leakwatch'

export default defineScenario({
  name: 'bounded-cache',
  cycles: 300,
  async setup() {
    return { cache: new Map() }
  },
  async cycle(ctx, i) {
    ctx.cache.set(i % 32, new Uint8Array(16 * 1024))
  },
  async teardown(ctx) {
    ctx.cache.clear()
  },
})
