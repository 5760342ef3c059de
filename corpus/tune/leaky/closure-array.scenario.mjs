// A job runner lets callers register completion hooks. The hooks go into a module-level array
// that was meant to be drained when the job finished; a refactor moved the drain into the
// failure path only. Each hook closes over its job, parsed payload included (~24 KB): every
// successful job stays reachable for good.
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const completionHooks = []

async function runJob(job) {
  const payload = JSON.parse(job.raw)
  await sleep(2) // the job's I/O
  const result = { id: job.id, lines: payload.lines.length, amount: payload.lines.reduce((s, l) => s + l.amount, 0) }
  completionHooks.push(() => `job ${job.id} done: ${payload.lines.length} lines, ${result.amount.toFixed(2)}`)
  return result
}

function makeJob(random, i) {
  const lines = Array.from({ length: 100 }, (_, k) => ({
    line: k, account: `ACC-${pick(random, 90000)}`, memo: `invoice ${i}/${k} ${random().toString(36).slice(2)}`, amount: random() * 1000,
  }))
  return { id: `job-${i}`, raw: JSON.stringify({ lines }) }
}

export default {
  name: 'leak-closure-array',
  description: 'completion hooks closing over each job and its parsed payload, kept in a module-level array',
  leak: { layer: 'heap', rate: '24 KB/cycle' },
  where: {
    kind: ['heap-object', 'heap-site'], what: ['Array', 'closure', 'Function', 'Object'],
    line: ['completionHooks.push(', 'const payload = JSON.parse(job.raw)'], fn: 'async function runJob(job)',
  },
  cycles: 1000,
  setup: () => ({ random: seededRandom(3) }),
  async cycle({ random }, i) {
    await runJob(makeJob(random, i))
  },
}
