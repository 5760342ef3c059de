import type { Status } from '@leakwatch/grader'
import pc from 'picocolors'

type Paint = (text: string) => string

/**
 * How text is dressed for one output stream: colours, and emoji for the statuses. Decided once
 * per stream, from the stream and the environment:
 *
 * - colours: off when `NO_COLOR` is set and not empty; on when `FORCE_COLOR` is set (and not
 *   `0` or `false`), even into a file or pipe; otherwise on a terminal only, and never when
 *   `TERM=dumb`.
 * - emoji (✅ ⚠️ ❌ ⏭️ 💥 ⏳): on a terminal that can show them only (not `TERM=dumb`, not the
 *   Linux console `TERM=linux`); never in a CI log, a pipe or a file, where the status word alone
 *   is printed. `LEAKWATCH_EMOJI=0` turns them off anywhere, `=1` on.
 */
export interface Style {
  color: boolean
  emoji: boolean
  bold: Paint
  dim: Paint
  /** The status word coloured by its status, with its emoji when they are on: "✅ PASS". */
  status(status: Status): string
  /** Text coloured as a status is. */
  byStatus(status: Status, text: string): string
}

const EMOJI: Record<Status, string> = { pass: '✅', warn: '⚠️ ', fail: '❌', skip: '⏭️ ', error: '💥' }

/** The style of a stream in an environment (default `process.env`). */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const tty = stream.isTTY === true
  const term = env.TERM ?? ''
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  const color = env.NO_COLOR ? false : forced || (tty && term !== 'dumb')
  const emoji = env.LEAKWATCH_EMOJI === '1' || (env.LEAKWATCH_EMOJI !== '0' && tty && term !== 'dumb' && term !== 'linux')
  return makeStyle({ color, emoji })
}

/** A style with colours and emoji as given: `plainStyle` is neither, for files and tests. */
export function makeStyle({ color, emoji }: { color: boolean; emoji: boolean }): Style {
  const c = pc.createColors(color)
  const paint: Record<Status, Paint> = { pass: c.green, warn: c.yellow, fail: c.red, skip: c.dim, error: c.magenta }
  return {
    color,
    emoji,
    bold: c.bold,
    dim: c.dim,
    status: (status) => `${emoji ? `${EMOJI[status]} ` : ''}${c.bold(paint[status](status.toUpperCase()))}`,
    byStatus: (status, text) => paint[status](text),
  }
}

/** No colours, no emoji. */
export const plainStyle: Style = makeStyle({ color: false, emoji: false })
