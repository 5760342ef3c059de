/**
 * The allowed import arrows, read from the fenced block with the info string `arrows` in
 * docs/architecture.md. One line per package: `short -> target, target` (commas or spaces),
 * `short ->` for none, `*` for any; `#` starts a comment.
 */

/** Thrown when the doc has no usable arrows block: the check cannot run (exit 2). */
export class ArrowsError extends Error {
  code = 'ARROWS_INVALID'
}

/**
 * Parses the arrows block of a markdown text.
 * @returns {{ arrows: Map<string, { allowed: Set<string>, any: boolean, line: number }>, problems: string[] }}
 *   `problems` are mistakes inside the block (an arrow to a name the block does not define),
 *   reported as violations so that a typo cannot silently allow or forbid something.
 */
export function parseArrows(markdown, docPath) {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => /^\s*(```|~~~)\s*arrows\s*$/.test(l))
  if (start < 0) throw new ArrowsError(`${docPath}: no fenced block with the info string \`arrows\``)
  const fence = lines[start].trim().slice(0, 3)
  const end = lines.findIndex((l, i) => i > start && l.trim() === fence)
  if (end < 0) throw new ArrowsError(`${docPath}:${start + 1}: the arrows block is not closed`)

  const arrows = new Map()
  for (let i = start + 1; i < end; i++) {
    const text = lines[i].replace(/#.*/, '').trim()
    if (!text) continue
    const m = /^(\S+)\s*->\s*(.*)$/.exec(text)
    if (!m) throw new ArrowsError(`${docPath}:${i + 1}: expected \`name -> target, target\`, got \`${text}\``)
    const [, from, rest] = m
    if (arrows.has(from)) throw new ArrowsError(`${docPath}:${i + 1}: ${from} has a second line`)
    const targets = rest.split(/[\s,]+/).filter(Boolean)
    arrows.set(from, { allowed: new Set(targets.filter((t) => t !== '*')), any: targets.includes('*'), line: i + 1 })
  }
  if (arrows.size === 0) throw new ArrowsError(`${docPath}:${start + 1}: the arrows block is empty`)

  const problems = []
  for (const [from, { allowed, line }] of arrows) {
    for (const to of allowed) {
      if (!arrows.has(to)) problems.push(`${docPath}:${line} ${from} -> ${to}: ${to} has no line of its own in the arrows block`)
    }
  }
  return { arrows, problems }
}
