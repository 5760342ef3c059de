// A config editor service applies each edit to a parsed YAML document (the `yaml` package's
// Document keeps the whole node tree, comments and source ranges) and pushes the previous
// document onto an undo stack. The stack was meant to hold the last 50 edits; the bound check
// compares against the wrong field, so every document ever edited stays (~31 KB each).
import { setTimeout as sleep } from 'node:timers/promises'
import { parseDocument } from 'yaml'
import { pick, seededRandom } from '../../lib/random.mjs'

const UNDO_LIMIT = 50

function makeConfig(random, services) {
  const lines = ['# deployment config', 'version: 3', 'services:']
  for (let s = 0; s < services; s++) {
    lines.push(`  svc-${s}:`, `    image: registry.local/app-${s}:${pick(random, 900)}`, `    replicas: ${1 + pick(random, 5)}`,
      '    env:', `      LOG_LEVEL: ${random() < 0.5 ? 'info' : 'debug'} # per service`, `      TIMEOUT_MS: ${pick(random, 9000)}`,
      '    ports:', `      - ${3000 + s}`, `      - ${4000 + s}`)
  }
  return lines.join('\n')
}

class ConfigEditor {
  undo = []
  constructor(source) { this.doc = parseDocument(source) }

  edit(path, value) {
    const before = this.doc
    this.doc = parseDocument(before.toString())
    this.doc.setIn(path, value)
    this.undo.push(before)
    if (this.undo.limit > UNDO_LIMIT) this.undo.shift() // the bug: `limit`, not `length`
  }
}

export default {
  name: 'leak-yaml-undo-history',
  description: "a config editor's undo stack of parsed yaml Documents whose bound check never fires",
  leak: { layer: 'heap', rate: '31 KB/cycle' },
  where: {
    kind: ['heap-object', 'heap-site'], what: ['Document', 'Array', 'YAMLMap', 'YAMLSeq', 'Pair', 'Scalar'],
    line: ['this.undo.push(before)', 'this.doc = parseDocument(before.toString())'], fn: 'edit(path, value)',
  },
  cycles: 200,
  setup() {
    const random = seededRandom(43)
    return { random, editor: new ConfigEditor(makeConfig(random, 8)) }
  },
  async cycle({ random, editor }) {
    editor.edit(['services', `svc-${pick(random, 8)}`, 'replicas'], 1 + pick(random, 9))
    await sleep(2) // the editor saves and answers
  },
}
