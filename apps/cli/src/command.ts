import { parseArgs } from 'node:util'
import { UsageError } from './errors.js'
import type { Io } from './io.js'

/**
 * One flag of a command. The parser and the help both read this table, so they cannot drift:
 * `value` names the flag's argument in the help (a string flag without it is a boolean), and
 * `number` or `choices` make the parser check it.
 */
export interface OptionSpec {
  description: string
  /** The argument's name in the help, e.g. '<ms>'. Absent: a boolean flag. */
  value?: string
  /** May be given more than once (or comma-separated); the value is a list. */
  multiple?: boolean
  /**
   * Parsed as a number at least `min`, at most `max` (and whole, with `integer`). The help
   * names the maximum, with `maxNote` saying why it is there.
   */
  number?: { min: number; max?: number; maxNote?: string; integer?: boolean }
  /** One of these. */
  choices?: readonly string[]
}

type Options = Record<string, OptionSpec>

/** Node's longest timer: a longer delay silently becomes 1 ms. Flags that set timers stop here. */
export const MAX_TIMER_MS = 2 ** 31 - 1
const TIMER_NOTE = "2^31-1 ms, about 24.8 days: Node's longest timer"

/** A flag in milliseconds that sets a timer: a whole number from 1 to MAX_TIMER_MS. */
export const timerMs = { min: 1, integer: true, max: MAX_TIMER_MS, maxNote: TIMER_NOTE } as const

/** A flag in seconds that sets a timer: from 0.001 to MAX_TIMER_MS / 1000. */
export const timerSeconds = { min: 0.001, max: MAX_TIMER_MS / 1000, maxNote: TIMER_NOTE } as const

/** What the parser makes of a flag, by its spec. */
export type OptionValue<S extends OptionSpec> = S extends { value: string }
  ? S extends { number: object }
    ? number
    : S extends { multiple: true }
      ? string[]
      : string
  : boolean

export interface Parsed<O extends Options> {
  values: { [K in keyof O]?: OptionValue<O[K]> }
  positionals: string[]
  /** What follows `--`, untouched: the command line of a program to run. */
  rest: string[]
}

export interface Command<O extends Options = Options> {
  name: string
  /** One line for the command list. */
  summary: string
  usage: readonly string[]
  description: string
  /** Positional arguments, for the help: [name, description]. */
  args?: ReadonlyArray<readonly [string, string]>
  options: O
  /** Text after the options: examples, exit codes. */
  footer?: string
  run(parsed: Parsed<O>, io: Io): Promise<number>
}

/**
 * Gives a command its types: `run` sees each flag typed by its spec. The result is a plain
 * `Command`, so commands of different flags fit in one list.
 */
export function defineCommand<const O extends Options>(command: Command<O>): Command {
  return { ...command, run: (parsed, io) => command.run(parsed as Parsed<O>, io) }
}

/** Parses a command's flags strictly. An unknown or malformed flag is a UsageError. */
export function parseCommand<O extends Options>(command: Command<O>, args: readonly string[]): Parsed<O> {
  const dashes = args.indexOf('--')
  const own = dashes < 0 ? [...args] : args.slice(0, dashes)
  const rest = dashes < 0 ? [] : args.slice(dashes + 1)
  const config = Object.fromEntries(
    Object.entries(command.options).map(([name, spec]) => [name, { type: spec.value ? 'string' : 'boolean', multiple: spec.multiple === true }] as const),
  )
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: own, options: config, strict: true, allowPositionals: command.args !== undefined })
  } catch (err) {
    throw new UsageError(parseMessage(err as Error & { code?: string }, command.usage.some((u) => u.includes(' -- '))), { cause: err })
  }
  const values: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(parsed.values)) {
    const spec = command.options[name] as OptionSpec
    values[name] = spec.multiple && Array.isArray(raw) ? raw.flatMap((v) => String(v).split(',')).map((v) => check(name, spec, v)) : typeof raw === 'string' ? check(name, spec, raw) : raw
  }
  return { values: values as Parsed<O>['values'], positionals: parsed.positionals, rest }
}

function check(name: string, spec: OptionSpec, raw: string): string | number {
  if (spec.choices && !spec.choices.includes(raw)) throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')}, got '${raw}'`)
  if (!spec.number) return raw
  const { min, max, maxNote, integer = false } = spec.number
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got '${raw}'`)
  }
  if (max !== undefined && value > max) throw new UsageError(`--${name} must be at most ${max}${maxNote ? ` (${maxNote})` : ''}, got '${raw}'`)
  return value
}

// Node's hint after an unknown option is about positionals, which misleads here; its other
// messages are clear but some run over several lines: keep them on one
function parseMessage({ code, message }: Error & { code?: string }, takesProgram: boolean): string {
  const first = message.split('. ')[0] ?? message
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return first
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `${first.replace(/^Unexpected/, 'unexpected')}${takesProgram ? '; put a command after --' : ''}`
  // `--interval -5`: the value looks like an option
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message)
  if (ambiguous) return `${ambiguous[1]} needs a value; one that starts with - is written ${ambiguous[1]}=<value>`
  return message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')
}

const HELP_FLAG: OptionSpec = { description: 'show this help' }

/** The command's help, from the same table the parser reads. */
export function renderHelp(command: Command): string {
  const rows: Array<[string, string]> = Object.entries({ ...command.options, help: HELP_FLAG }).map(([name, spec]) => [
    `${name === 'help' ? '-h, ' : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`,
    spec.number?.max === undefined ? spec.description : `${spec.description}; at most ${spec.number.max}`,
  ])
  const width = Math.max(...[...rows, ...(command.args ?? [])].map(([left]) => left.length)) + 2
  const table = (entries: ReadonlyArray<readonly [string, string]>) =>
    entries.map(([left, text]) => `  ${left.padEnd(width)}${text.split('\n').join(`\n  ${' '.repeat(width)}`)}`).join('\n')
  const parts = [
    command.usage.map((line, i) => `${i === 0 ? 'Usage: ' : '       '}${line}`).join('\n'),
    command.description,
    ...(command.args ? [`Arguments:\n${table(command.args)}`] : []),
    `Options:\n${table(rows)}`,
    ...(command.footer ? [command.footer] : []),
  ]
  return `${parts.join('\n\n')}\n`
}
