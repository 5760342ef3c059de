// A profile service caches user profiles in an LRU (lru-cache, 1 500 entries of ~3 KB) that
// is still filling during most of the run: new users keep arriving, so the cache grows to
// ~4.5 MB and only then stops. Beside it, a "last seen" Map records every user id ever served
// (~1.2 KB a user) and is never pruned. The cache's warm-up hides the slow leak until it is full.
import { LRUCache } from 'lru-cache'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const lastSeen = new Map() // the leak

function loadProfile(random, userId) {
  return {
    id: userId,
    name: `User ${userId}`,
    preferences: Object.fromEntries(Array.from({ length: 24 }, (_, k) => [`pref${k}`, random().toString(36).slice(2)])),
    history: Array.from({ length: 250 }, () => pick(random, 1e6)), // recent item ids
  }
}

export default {
  name: 'leak-lru-warming-last-seen',
  description: 'an LRU of profiles still warming up during the run hides a "last seen" Map that is never pruned',
  leak: { layer: 'heap', rate: '1.2 KB/cycle (beside an LRU filling at ~3 KB/cycle until cycle ~2 300)' },
  where: { kind: ['heap-object', 'heap-site'], what: ['Map'], line: 'lastSeen.set(userId, {', fn: 'async cycle({ random, profiles }, i)' },
  cycles: 3000,
  setup: () => ({ random: seededRandom(53), profiles: new LRUCache({ max: 1500 }) }),
  async cycle({ random, profiles }, i) {
    // two in three requests come from a new user; the rest from a recent one
    const userId = random() < 0.67 ? `u${i}` : `u${Math.max(0, i - 1 - pick(random, 50))}`
    let profile = profiles.get(userId)
    if (!profile) profiles.set(userId, (profile = loadProfile(random, userId)))
    lastSeen.set(userId, {
      at: new Date().toISOString(), ip: `10.2.${pick(random, 255)}.${pick(random, 255)}`, agent: `app/${pick(random, 40)} (${userId})`,
      lastPaths: Array.from({ length: 8 }, (_, k) => `/feed/${userId}/page/${k}?cursor=${pick(random, 1e9).toString(36)}`),
    })
    await sleep(1) // the response goes out
    return profile.name
  },
  teardown({ profiles }) {
    profiles.clear() // the cache goes; the "last seen" Map is module state and stays
  },
}
