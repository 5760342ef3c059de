/**
 * C0 controls (ESC, CR, BS, newline, …), DEL and C1 controls (a terminal may read U+009B as
 * CSI), and the bidirectional overrides and isolates that reorder what a reader sees.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

/**
 * A string from a scenario (its description, an error's message, a skip reason, a resource
 * type a sample names, a path) made safe to print on one line: every control character is
 * written out as a `\u001b`-style escape, so a scenario file cannot clear the screen, move
 * the cursor, overwrite a line with `\r` or forge lines of the CI log. The rest is left as
 * it is, emoji and accents included.
 *
 * @example
 * escapeControl('done\u001b[2J\r') // 'done\\u001b[2J\\u000d'
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`)
}
