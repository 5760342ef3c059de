// An audit logger writes each event with fs.writeSync and rotates to a new file every 40
// events. Rotation switches to the new file and forgets the old descriptor without closing
// it: one fd every 40 cycles, still open after teardown.
import { closeSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'
import { makeScratchDir, removeScratchDir } from '../../lib/tmp.mjs'

const ROTATE_EVERY = 40

class AuditLog {
  constructor(dir) {
    this.dir = dir
    this.part = 0
    this.written = 0
    this.fd = openSync(join(dir, 'audit-0.log'), 'a')
  }

  write(event) {
    writeSync(this.fd, `${JSON.stringify(event)}\n`)
    if (++this.written % ROTATE_EVERY === 0) this.rotate()
  }

  rotate() {
    // the leak: the previous fd is overwritten, never closed
    this.fd = openSync(join(this.dir, `audit-${++this.part}.log`), 'a')
  }

  close() {
    closeSync(this.fd)
  }
}

export default {
  name: 'leak-log-rotation',
  description: 'an audit log that rotates to a new file every 40 events and never closes the old one',
  leak: { layer: 'fds', rate: '1 fd / 40 cycles' },
  where: { kind: 'fd', what: ['audit-*.log'], line: 'this.fd = openSync(join(this.dir, `audit-${++this.part}.log`)', fn: 'rotate() {' },
  cycles: 3000,
  async setup() {
    const dir = await makeScratchDir('log-rotation')
    return { dir, log: new AuditLog(dir), random: seededRandom(17) }
  },
  async cycle({ log, random }, i) {
    log.write({ at: Date.now(), seq: i, user: `u${pick(random, 500)}`, action: random() < 0.8 ? 'read' : 'update', ip: `10.1.${pick(random, 255)}.${pick(random, 255)}` })
    await sleep(1) // the request that produced the event
  },
  async teardown({ dir, log }) {
    log.close() // the current file; the rotated ones stay open, as they would in the program
    await removeScratchDir(dir)
  },
}
