import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './errors.js'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * Parses a command's flags strictly; everything after `--` is returned apart, untouched,
 * as the command line of a program to run. An unknown or malformed flag is a UsageError.
 */
export function parseFlags<O extends Options>(args: string[], options: O, allowPositionals = false) {
  const dashes = args.indexOf('--')
  const own = dashes < 0 ? args : args.slice(0, dashes)
  const rest = dashes < 0 ? [] : args.slice(dashes + 1)
  try {
    const { values, positionals } = parseArgs({ args: own, options, strict: true, allowPositionals })
    return { values, positionals, rest }
  } catch (err) {
    const { code, message: text } = err as Error & { code?: string }
    // Node's hint after an unknown option is about positionals, which misleads here;
    // its other messages are clear but some run over several lines: keep them on one
    const message =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? (text.split('. ')[0] ?? text)
        : text.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')
    throw new UsageError(message, { cause: err })
  }
}

/** A flag's value as a number in range, or a UsageError naming the flag. */
export function numberFlag(
  name: string,
  raw: string | undefined,
  { min, integer = false }: { min: number; integer?: boolean },
): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  const ok = raw.trim() !== '' && Number.isFinite(value) && value >= min && (!integer || Number.isInteger(value))
  if (!ok) {
    const kind = integer ? 'a whole number' : 'a number'
    throw new UsageError(`--${name} must be ${kind} of at least ${min}, got '${raw}'`)
  }
  return value
}

/** A flag's value from a fixed set, or a UsageError listing the choices. */
export function choiceFlag<C extends string>(name: string, raw: string | undefined, choices: readonly C[]): C | undefined {
  if (raw === undefined) return undefined
  if ((choices as readonly string[]).includes(raw)) return raw as C
  throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${raw}'`)
}
