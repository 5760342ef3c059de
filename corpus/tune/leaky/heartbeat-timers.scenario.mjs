// A session manager starts a heartbeat interval for each client session and an idle timeout.
// Closing a session clears the idle timeout but not the heartbeat, which keeps running (and
// keeps its session reachable) forever: one live Timeout per cycle, still there after teardown.
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

class Session {
  constructor(id, user) {
    this.id = id
    this.user = user
    this.beats = 0
    this.heartbeat = setInterval(() => this.beats++, 30_000)
    this.idle = setTimeout(() => this.close(), 120_000)
  }

  close() {
    clearTimeout(this.idle) // the heartbeat should be cleared here too
  }
}

export default {
  name: 'leak-heartbeat-timers',
  description: 'a heartbeat setInterval per session that is never cleared when the session closes',
  leak: { layer: ['resources', 'heap'], rate: '1 Timeout (and its ~0.5 KB session)/cycle' },
  where: {
    kind: ['handle', 'heap-object'], what: ['Timeout', 'Session'],
    line: ['this.heartbeat = setInterval(', 'const session = new Session('], fn: ['constructor(id, user)', 'async cycle({ random }, i)'],
  },
  cycles: 2000,
  setup: () => ({ random: seededRandom(23) }),
  async cycle({ random }, i) {
    const session = new Session(`s${i}`, `user-${pick(random, 300)}`)
    await sleep(2) // the client's short exchange
    session.close()
  },
}
