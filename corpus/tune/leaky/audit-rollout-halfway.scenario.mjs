// An order service whose "audit trail" feature flag is switched on by a config reload halfway
// through the run. The audit trail keeps each order's payload in memory until a flusher
// writes it out, but the flusher is only started at boot when the flag is already on, so
// after the rollout nothing ever drains it. The first half is clean; the second half leaks
// ~5 KB per order. (Halfway at the default scale: the switch is at a fixed cycle, 1 600.)
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const WARMUP = 100
const CYCLES = 3000
const flags = { auditTrail: false }
const auditTrail = []

function placeOrder(random, i) {
  const lines = Array.from({ length: 30 }, (_, k) => ({ sku: `SKU-${pick(random, 9999)}-${k}`, qty: 1 + pick(random, 3), price: Math.round(random() * 9000) / 100 }))
  const order = { id: `o-${i}`, customer: `c-${pick(random, 2000)}`, lines }
  const raw = JSON.stringify(order)
  const receipt = createHash('sha256').update(raw).digest('hex')
  if (flags.auditTrail) auditTrail.push({ at: Date.now(), receipt, raw, order }) // never drained
  return receipt
}

export default {
  name: 'leak-audit-rollout-halfway',
  description: 'an audit-trail flag switched on halfway through the run: from then on every order is kept in memory',
  leak: { layer: 'heap', rate: '5 KB/cycle in the second half, 0 in the first' },
  where: {
    kind: ['heap-object', 'heap-site'], what: ['Array', 'Object'],
    line: ['if (flags.auditTrail) auditTrail.push(', 'const order = { id:', 'const raw = JSON.stringify(order)', 'const lines = Array.from({ length: 30 }'],
    fn: 'function placeOrder(random, i)',
  },
  warmup: WARMUP,
  cycles: CYCLES,
  setup: () => ({ random: seededRandom(47) }),
  async cycle({ random }, i) {
    if (i === WARMUP + CYCLES / 2) flags.auditTrail = true // the config reload that rolls the flag out
    placeOrder(random, i)
    await sleep(1) // payment and stock calls
  },
}
