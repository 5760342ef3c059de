// Reads a program's `where` key (what a correct attribution's first finding names) from its
// source text, without importing the program (see _corpus.mjs for why), and resolves it to
// files and line numbers. The key must be a literal: strings, numbers, arrays, objects.
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

export const FINDING_KINDS = ['heap-object', 'heap-site', 'handle', 'fd', 'thread', 'native']
const HEAP_KINDS = ['heap-object', 'heap-site']

/**
 * The program's `where`, resolved: a list of alternatives, each `{ kinds, what, module, file,
 * lines, fnLines }` with absolute files and 1-based line numbers; `group` is 'heap' when every
 * alternative accepts only heap kinds, else 'other'. Undefined when the file has no `where`;
 * throws, naming the file, when it is malformed or a line it quotes is not found exactly once.
 */
export async function readWhere(file, source) {
  source ??= await readFile(file, 'utf8')
  const found = whereLiteral(source)
  if (found === undefined) return undefined
  const { literal, fromLine, toLine } = found
  // the key quotes the lines it names: those quotes are not the lines
  const own = source.split('\n').map((text, i) => (i + 1 >= fromLine && i + 1 <= toLine ? '' : text)).join('\n')
  let raw
  try {
    raw = new Function(`return (${literal})`)()
  } catch (err) {
    throw new Error(`${file}: where: is not a literal (${err.message})`)
  }
  const alternatives = await Promise.all((Array.isArray(raw) ? raw : [raw]).map((alt) => resolveAlternative(file, own, alt)))
  const group = alternatives.every((a) => a.kinds.every((k) => HEAP_KINDS.includes(k))) ? 'heap' : 'other'
  return { alternatives, group }
}

async function resolveAlternative(programFile, programSource, alt) {
  const fail = (why) => {
    throw new Error(`${programFile}: where: ${why}`)
  }
  if (!alt || typeof alt !== 'object') fail('each alternative is an object')
  const kinds = list(alt.kind)
  if (kinds.length === 0 || kinds.some((k) => !FINDING_KINDS.includes(k))) fail(`kind must be among ${FINDING_KINDS.join(', ')}, got ${JSON.stringify(alt.kind)}`)
  // a file in brackets (`[worker eval]`) or with a scheme (`node:…`) is a script name, not a path
  const isName = typeof alt.file === 'string' && /^\[|^[a-z]+:/.test(alt.file)
  const file = alt.file === undefined ? programFile : isName ? alt.file : resolve(dirname(programFile), alt.file)
  const source = alt.file === undefined ? programSource : isName ? undefined : await readFile(file, 'utf8').catch(() => fail(`no file ${alt.file}`))
  const lines = list(alt.line).map((l) => lineOf(l, source, fail))
  const fnLines = list(alt.fn).map((l) => lineOf(l, source, fail))
  if (lines.length === 0) fail('line is required (the statement that leaks)')
  return { kinds, what: list(alt.what).map(String), module: list(alt.module).map(String), file, lines, fnLines }
}

const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])

/** A line number as given, or the one line of `source` that contains the quoted text. */
function lineOf(spec, source, fail) {
  if (typeof spec === 'number' && Number.isInteger(spec) && spec > 0) return spec
  if (typeof spec !== 'string' || spec === '') fail(`a line is a number or a quoted piece of the line, got ${JSON.stringify(spec)}`)
  if (source === undefined) fail(`'${spec}': a line in a script without a file must be a number`)
  const hits = source.split('\n').flatMap((text, i) => (text.includes(spec) ? [i + 1] : []))
  if (hits.length !== 1) fail(`'${spec}' is on ${hits.length === 0 ? 'no line' : `lines ${hits.join(', ')}`}: quote one line exactly`)
  return hits[0]
}

/**
 * The text of the value after the first `where:` key at the start of a line, and the lines it
 * spans (1-based), or undefined.
 */
export function whereLiteral(source) {
  const key = /^\s*where:\s*/m.exec(source)
  if (!key) return undefined
  let i = key.index + key[0].length
  const start = i
  let depth = 0
  while (i < source.length) {
    const c = source[i]
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(source, i)
      continue
    }
    if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i)
      if (i < 0) break
      continue
    }
    if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i) + 2
      if (i < 2) break
      continue
    }
    if (c === '{' || c === '[' || c === '(') depth++
    else if (c === '}' || c === ']' || c === ')') {
      if (depth === 0) return found(source, key.index, start, i)
      depth--
    } else if (c === ',' && depth === 0) return found(source, key.index, start, i)
    i++
  }
  return undefined
}

function found(source, keyAt, start, end) {
  const lineAt = (at) => source.slice(0, at).split('\n').length
  return { literal: source.slice(start, end).trim().replace(/,$/, ''), fromLine: lineAt(keyAt + 1), toLine: lineAt(end) }
}

function skipString(source, i) {
  const quote = source[i++]
  while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1
  return i + 1
}
