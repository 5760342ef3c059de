// A request scheduler's timers: per cycle 60 deadlines are armed, most requests finish first
// and clear theirs, some deadlines fire; a retry interval runs a few ticks and is cleared; an
// AbortSignal guards each batch. The scheduler keeps per-device latency history for the
// devices it has seen: 25 more come online each cycle until all 4,000 are known (the first
// third of the measured run), then the table stays that size.
import { setTimeout as sleep } from 'node:timers/promises'

/** Each known device gets a latency sample in its 256-slot ring; new devices join the table. */
function recordLatencies(ctx, i) {
  const { devices, joinPerCycle } = ctx.p
  const known = Math.min(devices, (i + 1) * joinPerCycle)
  for (let d = ctx.devices.size; d < known; d++) ctx.devices.set(`dev-${d}`, { latencies: new Float64Array(256), at: 0 })
  for (let k = 0; k < 200; k++) {
    const state = ctx.devices.get(`dev-${(i * 200 + k) % known}`)
    state.latencies[state.at++ & 255] = (k % 17) + i / 1000
  }
}

export default {
  name: 'clean-timers-churn',
  description: 'setTimeout/clearTimeout, setInterval/clearInterval, AbortController and timers/promises churn',
  clean: { why: 'every timer is cleared or fires within its cycle; the device table is bounded by the fleet (4,000)' },
  cycles: 500,
  timeoutMs: 90_000,
  warmup: 5,
  params: { deadlines: 60, devices: 4000, joinPerCycle: 25 },
  setup(p) {
    return { p, devices: new Map(), fired: 0, cleared: 0 }
  },
  async cycle(ctx, i) {
    const pending = []
    for (let k = 0; k < ctx.p.deadlines; k++) {
      pending.push(
        new Promise((done) => {
          const deadline = setTimeout(() => {
            ctx.fired++
            done()
          }, 1 + (k % 5))
          // the "request" answers first for most of them
          if (k % 4 !== 0) {
            setImmediate(() => {
              clearTimeout(deadline)
              ctx.cleared++
              done()
            })
          }
        }),
      )
    }
    await Promise.all(pending)
    recordLatencies(ctx, i)
    await new Promise((done) => {
      let ticks = 0
      const retry = setInterval(() => {
        if (++ticks === 3) {
          clearInterval(retry)
          done()
        }
      }, 1)
    })
    const manual = new AbortController()
    const guard = AbortSignal.any([manual.signal])
    await sleep(i % 3, undefined, { signal: guard })
    manual.abort()
  },
  teardown(ctx) {
    ctx.devices.clear()
  },
}
