// A repository layer caches prepared statements by their SQL text, which is sound for fixed
// SQL. One query builds its SQL with the filter values inlined (instead of ? parameters), so
// every call has new SQL text: a new sqlite3_stmt, compiled in SQLite's malloc heap, cached
// forever. The JS wrapper and the key are small; the native heap carries the leak.
import Database from 'better-sqlite3'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

class ReadingsRepo {
  statements = new Map()
  constructor(db) { this.db = db }

  prepare(sql) {
    let stmt = this.statements.get(sql)
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)))
    return stmt
  }

  insert(reading) {
    this.prepare('INSERT INTO readings (sensor, at, value) VALUES (?, ?, ?)').run(reading.sensor, reading.at, reading.value)
  }

  // the leak: values inlined into the SQL text, so every call caches a new statement
  window(sensor, from, to) {
    const sql = 'SELECT count(*) AS n, avg(value) AS mean, max(value) AS peak FROM readings'
      + ` WHERE sensor = '${sensor}' AND at BETWEEN ${from} AND ${to} AND value IS NOT NULL ORDER BY at`
    return this.prepare(sql).get()
  }
}

export default {
  name: 'leak-sqlite-statement-cache',
  description: 'better-sqlite3 statements prepared from SQL with inlined values, cached by text: one new statement per query',
  leak: { layer: ['native', 'heap'], rate: '4 KB native + 0.4 KB JS heap/cycle' }, // the wrapper and the key are in the JS heap
  where: [
    { kind: 'native', what: ['sqlite3*', '*sqlite*'], module: ['better_sqlite3'], line: ['if (!stmt) this.statements.set(', 'return this.prepare(sql).get()'], fn: 'prepare(sql) {' },
    { kind: ['heap-object', 'heap-site'], what: ['Map', 'Statement'], line: ['if (!stmt) this.statements.set(', 'return this.prepare(sql).get()'], fn: 'prepare(sql) {' },
  ],
  cycles: 3000,
  setup() {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE readings (id INTEGER PRIMARY KEY, sensor TEXT, at INTEGER, value REAL); CREATE INDEX readings_sensor_at ON readings (sensor, at)')
    return { db, repo: new ReadingsRepo(db), random: seededRandom(41) }
  },
  async cycle({ repo, random }, i) {
    const sensor = `s${pick(random, 50)}`
    repo.insert({ sensor, at: i, value: random() * 100 })
    repo.window(sensor, Math.max(0, i - 60), i)
    await sleep(1) // the next reading arrives
  },
  teardown({ db }) {
    db.close() // the statements' memory goes with the database: this leak ends at teardown
  },
}
