// Geocoding runs in a shared piscina pool of two worker threads, created once and destroyed at
// shutdown: the pool itself is fine. The task module, though, keeps every batch's results in
// a module-level Map inside the worker, so both workers' heaps keep growing. The main thread's
// heap is flat; only RSS (outside the main isolate and malloc) shows it.
import Piscina from 'piscina'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const TASK = new URL('./_geo-task.mjs', import.meta.url).href
const STREETS = ['Rue de Rivoli', 'Avenue Foch', 'Boulevard Voltaire', 'Rue Oberkampf', 'Quai de Valmy']

export default {
  name: 'leak-piscina-task-cache',
  description: "a piscina task module caching every batch's results in the worker's module scope",
  leak: { layer: 'outside', rate: '~12 KB/cycle, in steps as the workers heaps expand' },
  where: [
    { kind: ['heap-object', 'heap-site'], what: ['Map'], file: '_geo-task.mjs', line: 'byBatch.set(batchId, results)', fn: 'export default function geocode(' },
    { kind: 'thread', what: ['node', '*worker*'], line: 'setup: () => ({ pool: new Piscina(' },
  ],
  cycles: 2500,
  setup: () => ({ pool: new Piscina({ filename: TASK, minThreads: 2, maxThreads: 2 }), random: seededRandom(103) }),
  async cycle({ pool, random }, i) {
    const addresses = Array.from({ length: 50 }, () => `${1 + pick(random, 200)} ${STREETS[pick(random, STREETS.length)]}, 750${10 + pick(random, 10)} Paris`)
    await pool.run({ batchId: `b${i}`, addresses })
    await sleep(1) // the results go back to the caller
  },
  async teardown({ pool }) {
    await pool.destroy()
  },
}
