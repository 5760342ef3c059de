// Turns the bench's runs into the table and the rates that issue 9 asks for, per part and
// overall. Pure: takes the entries, returns lines of text.

const pct = (n, d) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)} %`)
const secs = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`)
const median = (xs) => {
  if (xs.length === 0) return undefined
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const mostCommon = (xs) => {
  const counts = new Map()
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
}

/** One row per scenario: kind, name, each run's status, deciding layer, median seconds. */
export function scenarioRows(entries) {
  const width = Math.max(20, ...entries.map((e) => e.name.length))
  return entries.map((e) => {
    const statuses = e.runs.map((r) => r.status).join(' ')
    const layer = mostCommon(e.runs.map((r) => r.decidedBy).filter(Boolean)) ?? '-'
    const notes = []
    const inconclusive = e.runs.filter((r) => r.inconclusive).length
    const extended = e.runs.filter((r) => r.extended).length
    if (inconclusive) notes.push(`${inconclusive} inconclusive`)
    if (extended) notes.push(`${extended} extended`)
    if (e.kind === 'leaky' && e.expectedLayers.length) notes.push(`expects ${e.expectedLayers.join('|')}`)
    const time = secs(median(e.runs.map((r) => r.durationMs ?? r.wallMs)))
    return `  ${e.kind.padEnd(6)} ${e.name.padEnd(width)} ${statuses.padEnd(30)} ${layer.padEnd(10)} ${time.padStart(7)}  ${notes.join(', ')}`
  })
}

/** The rates of a set of entries, with the targets beside them. */
export function summary(entries) {
  const runs = (kind) => entries.filter((e) => e.kind === kind).flatMap((e) => e.runs.map((r) => ({ ...r, entry: e })))
  const clean = runs('clean')
  const leaky = runs('leaky')
  const count = (rs, ...statuses) => rs.filter((r) => statuses.includes(r.status)).length
  const lines = []
  const cleanFail = count(clean, 'fail')
  const cleanWarn = count(clean, 'warn')
  lines.push(
    `  clean false alarms: fail ${pct(cleanFail, clean.length)} (${cleanFail}/${clean.length}), fail-or-warn ${pct(cleanFail + cleanWarn, clean.length)} (${cleanFail + cleanWarn}/${clean.length})` +
      `   target: 0 fails, ≤ 2 % warns → ${clean.length === 0 ? '-' : cleanFail === 0 && cleanWarn <= 0.02 * clean.length ? 'met' : 'missed'}`,
  )
  const leakyFail = count(leaky, 'fail')
  const leakyFlagged = count(leaky, 'fail', 'warn')
  lines.push(
    `  leaky recall: fail ${pct(leakyFail, leaky.length)} (${leakyFail}/${leaky.length}), fail-or-warn ${pct(leakyFlagged, leaky.length)} (${leakyFlagged}/${leaky.length})` +
      `   target: 100 % flagged → ${leaky.length === 0 ? '-' : leakyFlagged === leaky.length ? 'met' : 'missed'}`,
  )
  const flagged = leaky.filter((r) => r.status === 'fail' || r.status === 'warn')
  const named = flagged.filter((r) => r.decidedBy !== undefined)
  const right = named.filter((r) => r.entry.expectedLayers.length === 0 || r.entry.expectedLayers.includes(r.decidedBy))
  lines.push(`  leaky verdicts naming the expected layer: ${right.length}/${flagged.length} flagged${named.length < flagged.length ? ` (${flagged.length - named.length} named no layer)` : ''}`)
  const all = [...clean, ...leaky]
  const errors = all.filter((r) => r.status === 'error')
  const inconclusive = all.filter((r) => r.inconclusive).length
  const extended = all.filter((r) => r.extended).length
  lines.push(`  errors: ${errors.length}${errors.length ? '' : ' (none)'}; inconclusive: ${inconclusive}; extended runs: ${extended}; skipped: ${count(all, 'skip')}`)
  for (const r of errors) lines.push(`    error in ${r.entry.name}: ${r.error}`)
  const times = all.map((r) => r.durationMs ?? r.wallMs).filter((t) => t !== undefined)
  lines.push(`  time to verdict: median ${secs(median(times))}, max ${secs(times.length ? Math.max(...times) : undefined)}   target: a default scenario under 30 s`)
  return lines
}
