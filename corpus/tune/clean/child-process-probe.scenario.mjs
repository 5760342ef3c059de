// A health checker: every other cycle it runs a short command (`uname -a`, `df -P`, `cat
// /proc/loadavg`) with execFile and parses the output; every cycle it parses the last
// outputs again and updates a bounded status history (the last 4,000 entries, full by a third
// of the measured run). Each child exits and is reaped; its pipes close. Spawning makes V8
// grow its heap reservation (heapTotal) for its first ~3,000 children while the heap in use
// stays flat: RSS rises through a run at scale 1 and levels off in a run five times longer.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)
const PROBES = [
  ['uname', ['-a']],
  ['df', ['-P']],
  ['cat', ['/proc/loadavg']],
]

export default {
  name: 'clean-child-process-probe',
  description: 'execFile of a short command every other cycle (children exit and are reaped), output parsed',
  clean: { why: 'every child exits before its cycle ends; the status history keeps 4,000 entries' },
  cycles: 1200,
  timeoutMs: 90_000,
  warmup: 5,
  params: { every: 2, history: 4000, perCycle: 10 },
  setup(p) {
    return { p, outputs: ['', '', ''], history: [] }
  },
  async cycle(ctx, i) {
    if (i % ctx.p.every === 0) {
      const k = (i / ctx.p.every) % PROBES.length
      const [command, args] = PROBES[k]
      ctx.outputs[k] = (await run(command, args, { timeout: 5000 })).stdout
    }
    for (let n = 0; n < ctx.p.perCycle; n++) {
      const fields = ctx.outputs.join('\n').split(/\s+/).filter(Boolean)
      ctx.history.push({ at: i, n, fields: fields.length, first: fields.slice(0, 8).join(' ') })
    }
    if (ctx.history.length > ctx.p.history) ctx.history.splice(0, ctx.history.length - ctx.p.history)
  },
  teardown(ctx) {
    ctx.history.length = 0
  },
}
