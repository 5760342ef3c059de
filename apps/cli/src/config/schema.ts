import { REPORTERS } from '@leakwatch/reporters'
import { registeredSuites } from '@leakwatch/runner'
import { z } from 'zod'
import type { LeakwatchConfig } from './define.js'

const REPORTER_NAMES = Object.keys(REPORTERS)
const reporter = z.string().refine((spec) => REPORTER_NAMES.includes(spec.split('=')[0]?.trim() ?? ''), {
  message: `expected one of ${REPORTER_NAMES.join(', ')} (or name=path)`,
})
// the suites are those registered when the config is read, so the message is written then
const NOT_A_SUITE = 'not a registered suite'
const suite = z.string().refine((name) => name === 'all' || registeredSuites().some((s) => s.name === name), { message: NOT_A_SUITE })
// a policy's fields are checked by the grader (resolvePolicy), which names them; here only its shape
const policy = z.record(z.string(), z.unknown())

const profile = {
  scenarios: z.array(z.string().min(1)).min(1).optional(),
  suites: z.array(suite).optional(),
  reporters: z.array(reporter).min(1).optional(),
  outDir: z.string().min(1).optional(),
  failOn: z.enum(['fail', 'warn']).optional(),
  interval: z.number().int().min(1).max(2 ** 31 - 1).optional(),
  scale: z.number().min(0.001).optional(),
  policy: policy.optional(),
  extension: z.union([z.strictObject({ maxFactor: z.number().min(1).optional() }), z.literal(false)]).optional(),
  diagnose: z.enum(['auto', 'always', 'never']).optional(),
}

const override = z.strictObject({
  policy: policy.optional(),
  cycles: z.number().int().min(1).optional(),
  durationMs: z.number().int().min(1).optional(),
})

export const configSchema = z.strictObject({
  ...profile,
  overrides: z.record(z.string().min(1), override).optional(),
  ci: z.strictObject(profile).optional(),
})

/** The config, or the first problem as `key.path: expected …, got …`. */
export function checkConfig(value: unknown): { config: LeakwatchConfig } | { problem: string } {
  const parsed = configSchema.safeParse(value, { reportInput: true })
  if (parsed.success) return { config: parsed.data as LeakwatchConfig }
  const issue = parsed.error.issues[0] as z.core.$ZodIssue
  return { problem: describeIssue(issue, []) }
}

function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): string {
  const path = [...prefix, ...issue.path]
  const where = (extra: readonly PropertyKey[] = []) => keyPath([...path, ...extra]) || 'the config'
  const got = `got ${show((issue as { input?: unknown }).input)}`
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${where([issue.keys[0] as string])}: not a config key (known: ${knownKeys(path).join(', ')})`
    case 'invalid_type':
      return `${where()}: expected ${article(issue.expected)}, ${got}`
    case 'invalid_value':
      return `${where()}: expected one of ${issue.values.map(String).join(', ')}, ${got}`
    case 'too_small':
      return `${where()}: ${issue.origin === 'array' ? `expected at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}` : issue.origin === 'string' ? 'expected a non-empty string' : `expected a number of at least ${issue.minimum}`}, ${got}`
    case 'too_big':
      return `${where()}: expected a number of at most ${issue.maximum}, ${got}`
    case 'invalid_union': {
      // a branch that got inside the value says more than "neither"
      const deeper = issue.errors.flat().find((e) => e.path.length > 0)
      if (deeper) return describeIssue(deeper, path)
      const expected = issue.errors.flat().map((e) => (e.code === 'invalid_type' ? article(e.expected) : e.code === 'invalid_value' ? e.values.map(String).join(' or ') : 'another value'))
      return `${where()}: expected ${expected.join(' or ')}, ${got}`
    }
    case 'custom':
      if (issue.message === NOT_A_SUITE) return `${where()}: expected one of ${[...registeredSuites().map((s) => s.name), 'all'].join(', ')}, ${got}`
      return `${where()}: ${issue.message}, ${got}`
    default:
      return `${where()}: ${issue.message.replace(/^Invalid input: /, '')}`
  }
}

/** `reporters[1]`, `overrides['api-*'].cycles`, `ci.policy`. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${i === 0 ? '' : '.'}${String(key)}` : `['${String(key)}']`))
    .join('')
}

function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(configSchema.shape)
  if (path[0] === 'ci' && path.length === 1) return Object.keys(profile)
  if (path[0] === 'overrides') return Object.keys(override.shape)
  if (path[0] === 'extension' || path.at(-1) === 'extension') return ['maxFactor']
  return []
}

const article = (type: string) => (type === 'array' ? 'a list' : type === 'object' || type === 'record' ? 'an object' : `a ${type}`)

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  if (value === undefined) return 'nothing'
  return String(value)
}
