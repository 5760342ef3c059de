// The code examples of a README that a user would copy: ```js and ```ts blocks. Each one is
// run as written in a project that installed the packed packages, unless it is marked
//   <!-- example: not run (the reason) -->
// on the line before it (blank lines between are allowed). Other languages are not run.

const LANGS = { js: 'js', javascript: 'js', mjs: 'js', ts: 'ts', typescript: 'ts', mts: 'ts' }
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/
const MARKER = /^\s*<!--\s*example:\s*not run\b(.*?)-->\s*$/

/**
 * @param {string} markdown
 * @param {string} file where it comes from, for messages (e.g. `packages/sampler/README.md`)
 * @returns {{ examples: { file: string, line: number, lang: 'js' | 'ts', code: string, skip?: string }[], errors: string[] }}
 *   `line` is the 1-based line of the opening fence; `skip` the reason it is not run.
 */
export function extractExamples(markdown, file) {
  const lines = markdown.split(/\r?\n/)
  const examples = []
  const errors = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i])
    if (!open) continue
    const [, fence, info] = open
    let end = i + 1
    while (end < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[end])) end++
    const code = lines.slice(i + 1, end).join('\n') + '\n'
    const lang = LANGS[info.toLowerCase()]
    const marker = markerBefore(lines, i)
    if (lang) {
      const example = { file, line: i + 1, lang, code }
      if (marker !== undefined) {
        const reason = /^\s*\((.*\S.*)\)\s*$/.exec(marker)?.[1]
        if (reason) example.skip = reason.trim()
        else errors.push(`${file}:${i + 1}: "example: not run" needs a reason: <!-- example: not run (why) -->`)
      }
      examples.push(example)
    }
    i = end
  }
  return { examples, errors }
}

/** The text after "not run" of a marker on the nearest non-blank line above line i, if any. */
function markerBefore(lines, i) {
  let j = i - 1
  while (j >= 0 && !lines[j].trim()) j--
  return j >= 0 ? MARKER.exec(lines[j])?.[1] : undefined
}
