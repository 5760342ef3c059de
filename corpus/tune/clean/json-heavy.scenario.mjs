// A REST gateway's JSON work: a 0.5 MB device-state document is stringified, parsed back,
// summarised and re-serialised each cycle. The parsed states of the last 30 cycles are kept
// for the history API (a ring that fills during the first third of the measured run); V8
// grows its young generation and old space to fit the churn once.
import { seededRandom, pick } from '../../lib/random.mjs'

function makeState(random, devices) {
  const state = { generatedAt: 0, devices: [] }
  for (let d = 0; d < devices; d++) {
    state.devices.push({
      id: `cam-${d}`,
      firmware: `4.${pick(random, 20)}.${pick(random, 100)}`,
      stats: { fps: 25 + pick(random, 6), dropped: pick(random, 1000), temperature: 30 + random() * 20 },
      zones: Array.from({ length: 6 }, (_, z) => ({ z, x: random(), y: random(), w: random(), h: random(), label: `zone ${z}` })),
    })
  }
  return state
}

export default {
  name: 'clean-json-heavy',
  description: 'JSON.stringify / JSON.parse of a 0.5 MB document, summarised and diffed each cycle; a 30-state history ring',
  clean: { why: 'the history ring keeps 30 states; every other document is garbage after its cycle' },
  cycles: 100,
  timeoutMs: 90_000,
  warmup: 5,
  params: { devices: 800, history: 30 },
  setup(p) {
    return { p, random: seededRandom(5), previous: null, history: [], changes: 0 }
  },
  cycle(ctx, i) {
    const state = makeState(ctx.random, ctx.p.devices)
    state.generatedAt = i
    const text = JSON.stringify(state)
    const back = JSON.parse(text)
    const summary = back.devices.map((d) => ({ id: d.id, hot: d.stats.temperature > 45, zones: d.zones.length }))
    const wire = JSON.stringify({ at: i, summary })
    if (ctx.previous) for (let k = 0; k < summary.length; k++) if (summary[k].hot !== ctx.previous[k].hot) ctx.changes++
    ctx.previous = JSON.parse(wire).summary
    ctx.history.push(back)
    if (ctx.history.length > ctx.p.history) ctx.history.shift()
  },
  teardown(ctx) {
    ctx.previous = null
    ctx.history.length = 0
  },
}
