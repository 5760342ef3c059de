// A multi-tenant service gives each tenant its own in-memory SQLite database (better-sqlite3)
// and keeps the handle in a Map for reuse. Tenants are meant to be evicted after they go
// quiet; nothing does it, and new tenants keep signing up (one every 4 requests): each keeps
// its connection, schema and pages, allocated by SQLite with malloc, for good.
import Database from 'better-sqlite3'
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

const SCHEMA = `
  CREATE TABLE carts (id INTEGER PRIMARY KEY, customer TEXT, created INTEGER);
  CREATE TABLE cart_items (cart INTEGER, sku TEXT, qty INTEGER, price REAL);
  CREATE INDEX cart_items_cart ON cart_items (cart);`

const tenants = new Map() // the leak: never evicted

function tenantDb(id) {
  let db = tenants.get(id)
  if (!db) {
    db = new Database(':memory:')
    db.exec(SCHEMA)
    tenants.set(id, db)
  }
  return db
}

export default {
  name: 'leak-sqlite-tenant-dbs',
  description: 'an in-memory better-sqlite3 database per tenant, cached and never closed; a new tenant every 4 requests',
  leak: { layer: 'native', rate: '22 KB/cycle (~90 KB per tenant)' },
  where: [
    { kind: 'native', what: ['sqlite3*', '*sqlite*'], module: ['better_sqlite3'], line: "db = new Database(':memory:')", fn: 'function tenantDb(id)' },
    { kind: ['heap-object', 'heap-site'], what: ['Map', 'Database'], line: ["db = new Database(':memory:')", 'tenants.set(id, db)'], fn: 'function tenantDb(id)' },
  ],
  cycles: 2000,
  setup: () => ({ random: seededRandom(73) }),
  async cycle({ random }, i) {
    const tenant = i % 4 === 0 ? `t${i}` : `t${4 * pick(random, Math.floor(i / 4) + 1)}` // a new tenant, or an earlier one
    const db = tenantDb(tenant)
    const cart = db.prepare('INSERT INTO carts (customer, created) VALUES (?, ?)').run(`c${pick(random, 1000)}`, Date.now()).lastInsertRowid
    const add = db.prepare('INSERT INTO cart_items (cart, sku, qty, price) VALUES (?, ?, ?, ?)')
    for (let k = 0; k < 5; k++) add.run(cart, `SKU-${pick(random, 5000)}`, 1 + pick(random, 3), random() * 80)
    db.prepare('SELECT sum(qty * price) AS total FROM cart_items WHERE cart = ?').get(cart)
    await sleep(2) // the response goes out
  },
}
