// A user's scenario that leaks: an order log keyed per cycle, never pruned.
// `leakwatch run ./my-leak.scenario.mjs` fails it, and its diagnosis names line 11.
import { defineScenario } from 'leakwatch'

const orders = new Map()

export default defineScenario({
  name: 'order-log-leak',
  cycles: 400,
  cycle(_ctx, i) {
    orders.set(`order-${i}`, { id: i, lines: new Array(1024).fill(i) })
  },
})
