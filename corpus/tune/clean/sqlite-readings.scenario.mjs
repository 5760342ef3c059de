// A sensor store in SQLite (better-sqlite3, in memory): per cycle 300 readings are inserted
// in one transaction, the window is trimmed to the last 20,000 rows, and the dashboard's
// aggregate queries run. The table grows to the window's size in native memory during the
// first third of the measured run, then freed pages are reused.
import Database from 'better-sqlite3'

export default {
  name: 'clean-sqlite-readings',
  description: 'better-sqlite3 :memory: inserts in transactions, a sliding window DELETE, aggregate queries',
  clean: { why: 'rows older than the window are deleted each cycle; freed pages are reused; close() frees the db' },
  cycles: 200,
  timeoutMs: 90_000,
  warmup: 5,
  params: { rowsPerCycle: 300, window: 20_000 },
  setup(p) {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE readings (id INTEGER PRIMARY KEY, sensor INTEGER, at INTEGER, value REAL, note TEXT)')
    db.exec('CREATE INDEX readings_sensor ON readings (sensor, at)')
    const insert = db.prepare('INSERT INTO readings (id, sensor, at, value, note) VALUES (?, ?, ?, ?, ?)')
    const insertMany = db.transaction((rows) => {
      for (const r of rows) insert.run(r)
    })
    const trim = db.prepare('DELETE FROM readings WHERE id <= ?')
    const perSensor = db.prepare('SELECT sensor, count(*) AS n, avg(value) AS mean, max(value) AS peak FROM readings GROUP BY sensor')
    const latest = db.prepare('SELECT value FROM readings WHERE sensor = ? ORDER BY at DESC LIMIT 20')
    return { p, db, insertMany, trim, perSensor, latest, nextId: 1 }
  },
  cycle(ctx, i) {
    const rows = []
    for (let r = 0; r < ctx.p.rowsPerCycle; r++) {
      const id = ctx.nextId++
      const value = Math.sin(id / 100) * 50 + 50
      // the raw payload as the sensor sent it, ~200 bytes, kept for audits
      const note = JSON.stringify({ id, sensor: id % 32, value, unit: 'celsius', fw: '4.2.17', flags: ['calibrated', 'shielded'], site: 'north-yard-gate-3' })
      rows.push([id, id % 32, i * 1000 + r, value, note])
    }
    ctx.insertMany(rows)
    ctx.trim.run(ctx.nextId - 1 - ctx.p.window)
    const groups = ctx.perSensor.all()
    const recent = ctx.latest.all(i % 32)
    if (groups.length === 0 || recent.length === 0) throw new Error('empty store')
  },
  teardown(ctx) {
    ctx.db.close()
  },
}
