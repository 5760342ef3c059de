/**
 * The value of one JSON string literal's body (between the quotes, escapes still in it).
 * The snapshot's `strings` array is read literal by literal with this, so no JSON.parse
 * ever sees more than one string.
 */
export function unescapeJsonString(body: string): string {
  if (!body.includes('\\')) return body
  let out = ''
  let from = 0
  for (let i = body.indexOf('\\'); i !== -1; i = body.indexOf('\\', from)) {
    out += body.slice(from, i)
    const c = body[i + 1]
    switch (c) {
      case 'n': out += '\n'; break
      case 't': out += '\t'; break
      case 'r': out += '\r'; break
      case 'b': out += '\b'; break
      case 'f': out += '\f'; break
      case 'u': {
        // Each \uXXXX is one UTF-16 unit; a surrogate pair is two escapes, joined by the string itself.
        out += String.fromCharCode(Number.parseInt(body.slice(i + 2, i + 6), 16))
        from = i + 6
        continue
      }
      default: out += c ?? ''
    }
    from = i + 2
  }
  return out + body.slice(from)
}
