// The same kind of scenario in TypeScript, compiled by the runner when it loads it.
import { defineScenario } from 'leakwatch'

interface Context {
  ring: Uint8Array[]
}

export default defineScenario({
  name: 'bounded-ring',
  cycles: 300,
  async setup(): Promise<Context> {
    return { ring: [] }
  },
  async cycle(ctx, i) {
    ctx.ring[i % 32] = new Uint8Array(16 * 1024)
  },
  async teardown(ctx) {
    ctx.ring.length = 0
  },
})
