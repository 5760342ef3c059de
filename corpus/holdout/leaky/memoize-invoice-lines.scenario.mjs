// An invoice renderer memoizes its line formatter "because formatting is slow", keyed by the
// JSON of the line. Lines carry the order id and exact amounts, so keys almost never repeat and
// the memo table (no bound, no TTL) gains an entry (~1 KB of key and HTML) per line.
import { setTimeout as sleep } from 'node:timers/promises'
import { pick, seededRandom } from '../../lib/random.mjs'

function memoize(fn) {
  const memo = new Map() // the leak: unbounded
  return (arg) => {
    const key = JSON.stringify(arg)
    let value = memo.get(key)
    if (value === undefined) memo.set(key, (value = fn(arg)))
    return value
  }
}

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' })
const renderLine = memoize((line) =>
  `<tr data-order="${line.order}"><td class="sku">${line.sku}</td><td class="desc">${line.description}</td>` +
  `<td class="qty">${line.qty}</td><td class="price">${money.format(line.price)}</td><td class="total">${money.format(line.qty * line.price)}</td></tr>`)

export default {
  name: 'leak-memoize-invoice-lines',
  description: 'an unbounded memoize keyed by the JSON of each invoice line: keys never repeat',
  leak: { layer: 'heap', rate: '1 KB/cycle' },
  where: {
    kind: ['heap-object', 'heap-site'], what: ['Map'],
    line: ['if (value === undefined) memo.set(key, (value = fn(arg)))', 'const key = JSON.stringify(arg)'], fn: 'return (arg) => {',
  },
  cycles: 4000,
  setup: () => ({ random: seededRandom(59) }),
  async cycle({ random }, i) {
    const line = {
      order: `ORD-${100000 + i}`, sku: `SKU-${pick(random, 400)}`, qty: 1 + pick(random, 4), price: Math.round(random() * 20000) / 100,
      description: `Replacement part ${pick(random, 400)}, batch ${pick(random, 90)}; ships from warehouse ${pick(random, 6)} within ${1 + pick(random, 9)} days`,
    }
    const html = renderLine(line)
    await sleep(1) // the invoice is streamed to the client
    return html.length
  },
}
