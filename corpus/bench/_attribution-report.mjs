// The attribution bench's rows and rates: per program what the first finding said and whether
// it names what the program's `where` expects; per part the accuracy for heap leaks and for the
// other kinds, with the targets beside them. Pure: takes the entries, returns lines of text.
import { basename } from 'node:path'

const pct = (n, d) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(0)} %`)
const place = (p) => (p ? `${p.file.startsWith('[') ? p.file : basename(p.file)}:${p.line}` : '-')
const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text)

/** One row per program: group, name, status, grade, the first finding's summary and site. */
export function attributionRows(entries) {
  const width = Math.max(24, ...entries.map((e) => e.name.length))
  return entries.flatMap((e) => {
    const r = e.result
    if (!r) return []
    const expects = e.where.alternatives.map((a) => `${a.kinds.join('|')} ${a.file.startsWith('[') ? a.file : basename(a.file)}:${a.lines.join(',')}`).join(' or ')
    const head = `  ${e.where.group.padEnd(5)} ${e.name.padEnd(width)} ${String(r.status).padEnd(5)}`
    if (r.status === 'error' || r.status === 'skip' || r.status === 'skipped') return [`${head} ${r.status === 'error' ? `error: ${r.error}` : `skipped: ${r.skipped ?? ''}`}`]
    if (!r.diagnosis) return [`${head} ${'miss'.padEnd(14)} no diagnosis in the results`]
    const first = r.diagnosis.findings?.[0]
    const grade = `${r.grade.grade}${r.grade.what && r.grade.grade !== 'what' ? '+what' : ''}`
    const later = !r.grade.named && r.grade.namedAt ? ` (finding #${r.grade.namedAt} names it)` : ''
    const said = first ? `${first.kind}: ${clip(first.summary ?? first.what, 90)} at ${place(first.site ?? first.stack?.find((f) => !/^node:/.test(f.file)))}` : `no finding${r.diagnosis.error ? `; error: ${r.diagnosis.error}` : ''}`
    return [`${head} ${grade.padEnd(14)} ${said}${later}`, `  ${''.padEnd(5)} ${''.padEnd(width)}       expects ${expects}`]
  })
}

/** Accuracy of a set of entries: heap leaks and the other kinds, each beside its target. */
export function attributionSummary(entries) {
  const graded = entries.filter((e) => e.result?.grade)
  const lines = []
  for (const [group, target, met] of [
    ['heap', 'every one named', (n, d) => n === d],
    ['other', '≥ 90 % named', (n, d) => n >= 0.9 * d],
  ]) {
    const own = graded.filter((e) => e.where.group === group)
    if (own.length === 0) continue
    const named = own.filter((e) => e.result.grade.named).length
    const by = (g) => own.filter((e) => e.result.grade.grade === g).length
    const later = own.filter((e) => !e.result.grade.named && e.result.grade.namedAt).length
    lines.push(
      `  ${group} leaks: first finding names it ${named}/${own.length} (${pct(named, own.length)}): exact line ${by('line')}, function only ${by('function')}, what only ${by('what')}, miss ${by('miss')}` +
        `${later ? `; a later finding names ${later} of the misses` : ''}   target: ${target} → ${own.length === 0 ? '-' : met(named, own.length) ? 'met' : 'missed'}`,
    )
  }
  const kinds = new Map()
  for (const e of graded) {
    const kind = e.result.diagnosis?.findings?.[0]?.kind ?? '(none)'
    const k = kinds.get(kind) ?? { runs: 0, named: 0 }
    k.runs++
    if (e.result.grade.named) k.named++
    kinds.set(kind, k)
  }
  if (kinds.size) lines.push(`  by the first finding's kind: ${[...kinds].map(([kind, k]) => `${kind} ${k.named}/${k.runs} named`).join(', ')}`)
  const errors = entries.filter((e) => e.result?.status === 'error')
  const skipped = entries.filter((e) => e.result && !e.result.grade && e.result.status !== 'error')
  const undiagnosed = graded.filter((e) => !e.result.diagnosis)
  const notFlagged = graded.filter((e) => !['fail', 'warn'].includes(e.result.status))
  if (notFlagged.length) lines.push(`  not flagged by the verdict (diagnosed all the same): ${notFlagged.map((e) => `${e.name} (${e.result.status})`).join(', ')}`)
  if (undiagnosed.length) lines.push(`  no diagnosis in the results: ${undiagnosed.map((e) => e.name).join(', ')}`)
  if (skipped.length) lines.push(`  skipped: ${skipped.map((e) => e.name).join(', ')}`)
  lines.push(`  errors: ${errors.length}${errors.map((e) => `\n    ${e.name}: ${e.result.error}`).join('')}`)
  return lines
}
