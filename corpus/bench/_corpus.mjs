// Finds the corpus's scenario files and what each declares, without importing them: a file's
// top level may start native thread pools (sharp), which belong in its own run, not here.
import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'

export const PARTS = ['tune', 'holdout']
export const KINDS = ['clean', 'leaky']
export const LAYERS = ['heap', 'buffers', 'native', 'outside', 'rss', 'threads', 'fds', 'resources']

/** Every `*.scenario.mjs` of the chosen parts, sorted by part, kind, then file name. */
export async function findCorpus(root, { part = 'all', filter } = {}) {
  const found = []
  for (const p of PARTS) {
    if (part !== 'all' && part !== p) continue
    for (const kind of KINDS) {
      const dir = join(root, p, kind)
      const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.scenario.mjs')).sort()
      for (const f of files) {
        const file = join(dir, f)
        const meta = declared(await readFile(file, 'utf8'), f)
        if (filter && !meta.name.includes(filter) && !f.includes(filter)) continue
        found.push({ part: p, kind, file, ...meta })
      }
    }
  }
  return found
}

/** The scenario's `name` and, for a leaky one, the layers its `leak: { layer }` names. */
function declared(source, fileName) {
  // corpus names start with clean- or leak-; other `name:` keys (a route's, a user's) are not it
  const name = /\bname:\s*['"`]((?:clean|leak)-[^'"`]+)['"`]/.exec(source)?.[1] ?? basename(fileName, '.scenario.mjs')
  const leak = /\bleak:\s*\{[^}]*?\blayer:\s*(\[[^\]]*\]|'[^']*'|"[^"]*")/s.exec(source)?.[1]
  const layers = leak ? [...leak.matchAll(/['"]([a-z]+)['"]/g)].map((m) => m[1]) : []
  return { name, expectedLayers: layers }
}
