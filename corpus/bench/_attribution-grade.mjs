// Grades a diagnosis against a program's `where` (see _attribution-where.mjs). Pure.
import { fileURLToPath } from 'node:url'

/** Stack frames looked at besides the site: an allocation's own frame may be a library's. */
export const FRAMES = 3

/**
 * How well `finding` names what `where` expects: `line` (its site, or one of its first three
 * stack frames, is a leaking line), `function` (only the enclosing function's first line),
 * `what` (only the name: object, handle type, fd target, thread, native symbol or module), or
 * `miss`. `named` is true when it names the line or the thing; `what` says whether the name
 * matched too. The best of the alternatives counts; a finding of a kind no alternative accepts
 * is a miss.
 */
export function gradeFinding(finding, where) {
  let best = { grade: 'miss', named: false, what: false }
  if (!finding || !where) return best
  for (const alt of where.alternatives) {
    if (!alt.kinds.includes(finding.kind)) continue
    const places = [finding.site, ...(finding.stack ?? []).slice(0, FRAMES)].filter(Boolean)
    const at = (lines) => places.some((p) => sameFile(p.file, alt.file) && lines.includes(p.line))
    const what = alt.what.some((w) => namesIt(w, finding.what)) || alt.module.some((m) => namesIt(m, finding.module))
    const grade = at(alt.lines) ? 'line' : at(alt.fnLines) ? 'function' : what ? 'what' : 'miss'
    const candidate = { grade, named: grade === 'line' || what, what }
    if (score(candidate) > score(best)) best = candidate
  }
  return best
}

const RANK = { miss: 0, what: 1, function: 2, line: 3 }
const score = (g) => RANK[g.grade] * 2 + (g.what ? 1 : 0)

/**
 * The grade of a diagnosis: its first finding's, and the rank (1-based) of the first finding
 * that names it at all (undefined when none does).
 */
export function gradeDiagnosis(diagnosis, where) {
  const findings = diagnosis?.findings ?? []
  const first = gradeFinding(findings[0], where)
  const index = findings.findIndex((f) => gradeFinding(f, where).named)
  return { ...first, namedAt: index < 0 ? undefined : index + 1 }
}

/**
 * Whether a `what` pattern names `text`: `*` stands for any characters, case is ignored, and
 * the pattern must stand as a whole word (so `Map` names `Map` and `Map (requestLog)`, not
 * `WeakMap`; `audit-*.log` names `/tmp/x/audit-*.log`).
 */
export function namesIt(pattern, text) {
  if (typeof text !== 'string' || text === '') return false
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')
  return new RegExp(`(?<![\\w$])${body}(?![\\w$])`, 'i').test(text)
}

function sameFile(found, expected) {
  if (typeof found !== 'string') return false
  if (found === expected) return true
  if (found.startsWith('file://')) {
    try {
      return fileURLToPath(found) === expected
    } catch {
      return false
    }
  }
  return false
}
