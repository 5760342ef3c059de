// A hand-written session cache: a Map in insertion order with a size cap (oldest evicted
// first) and a time-to-live checked on read, as many services write instead of using a
// library. 25 new sessions a cycle, each a profile object with a permissions list; the cap of
// 20,000 sessions is reached during the first third of the measured run.

class SessionCache {
  constructor(max, ttlMs) {
    this.max = max
    this.ttlMs = ttlMs
    this.map = new Map()
  }
  get(id, now) {
    const entry = this.map.get(id)
    if (!entry) return undefined
    if (now - entry.at > this.ttlMs) {
      this.map.delete(id)
      return undefined
    }
    // refresh its place: a Map iterates in insertion order, so re-insert moves it last
    this.map.delete(id)
    this.map.set(id, entry)
    return entry.session
  }
  set(id, session, now) {
    this.map.delete(id)
    this.map.set(id, { session, at: now })
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value)
  }
}

export default {
  name: 'clean-map-session-cache',
  description: 'Map cache with size cap and TTL, hand-written: fills in the first third, then evicts',
  clean: { why: 'the cap of 20,000 bounds the map; each insert past it evicts the oldest entry' },
  cycles: 2400,
  timeoutMs: 90_000,
  warmup: 10,
  params: { max: 20_000, perCycle: 25, ttlCycles: 1200 },
  setup(p) {
    return { p, cache: new SessionCache(p.max, p.ttlCycles), hits: 0 }
  },
  cycle(ctx, i) {
    const { perCycle } = ctx.p
    for (let k = 0; k < perCycle; k++) {
      const id = `s-${i * perCycle + k}`
      ctx.cache.set(id, { user: `user-${(i * 13 + k) % 9000}`, roles: ['viewer', k % 5 === 0 ? 'admin' : 'operator'], cameras: Array.from({ length: 12 }, (_, c) => c + k), token: id.repeat(3) }, i)
    }
    // requests from recent sessions: most hit
    for (let k = 0; k < 200; k++) if (ctx.cache.get(`s-${Math.max(0, i * perCycle - ((k * 97) % 15_000))}`, i)) ctx.hits++
  },
  teardown(ctx) {
    ctx.cache.map.clear()
  },
}
