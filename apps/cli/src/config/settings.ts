import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import { GraderError, type Policy, type PolicyOverrides, resolvePolicy } from '@leakwatch/grader'
import { UsageError } from '../errors.js'
import { namingFile } from '../read-policy.js'
import { DEFAULT_REPORTERS } from '../reporter-specs.js'
import type { ConfigProfile, ScenarioOverride } from './define.js'
import type { LoadedConfig } from './load.js'

/** A value, and where it came from: 'default', the config file, the file's CI profile, a flag. */
export interface Sourced<T> {
  value: T
  source: string
}

/** The flags of `run` (and `config`) that a config file also sets. */
export interface SettingFlags {
  reporter?: string[] | undefined
  out?: string | undefined
  'fail-on'?: string | undefined
  suite?: string | undefined
  scale?: number | undefined
  interval?: number | undefined
  policy?: string | undefined
  'max-extend'?: number | undefined
  'no-extend'?: boolean | undefined
  diagnose?: boolean | undefined
  'no-diagnose'?: boolean | undefined
}

/** What a run does, each value with its source: defaults < config file < its CI profile < flags. */
export interface Settings {
  config: LoadedConfig | undefined
  ci: boolean
  /** Names and files given as arguments: they (or --suite) replace `scenarios` and `suites`. */
  targets: Sourced<string[]>
  suite: Sourced<string | undefined>
  scenarios: Sourced<string[] | undefined>
  suites: Sourced<string[] | undefined>
  reporters: Sourced<string[]>
  outDir: Sourced<string>
  failOn: Sourced<'fail' | 'warn'>
  interval: Sourced<number>
  scale: Sourced<number>
  extension: Sourced<{ maxFactor?: number } | false | undefined>
  diagnose: Sourced<'auto' | 'always' | 'never'>
  /** Every policy field set, by its path (`tiers.short.failPct`), with its source. */
  policyFields: Array<Sourced<unknown> & { path: string }>
  /** The run's policy; undefined: the defaults (nothing set one). */
  policy: Policy | undefined
  overrides: Sourced<Record<string, ScenarioOverride>>
}

const DEFAULT = 'default'

/** CI is set, and not to 'false' or '0'. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase()
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0'
}

/** Lays the config file, its CI profile (under CI) and the flags over the defaults. */
export async function resolveSettings(loaded: LoadedConfig | undefined, flags: SettingFlags, positionals: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const ci = isCi(env)
  const file = loaded?.config ?? {}
  const layers: Array<{ profile: ConfigProfile; source: string; base: string }> = []
  if (loaded) layers.push({ profile: file, source: loaded.label, base: dirname(loaded.file) })
  if (loaded && ci && file.ci) layers.push({ profile: file.ci, source: `${loaded.label} (ci)`, base: dirname(loaded.file) })

  /** The last layer that sets `key`, else the default. */
  function pick<K extends keyof ConfigProfile, T>(key: K, fallback: T, map: (v: NonNullable<ConfigProfile[K]>, base: string) => T = (v) => v as unknown as T): Sourced<T> {
    for (const layer of [...layers].reverse()) {
      const v = layer.profile[key]
      if (v !== undefined) return { value: map(v as NonNullable<ConfigProfile[K]>, layer.base), source: layer.source }
    }
    return { value: fallback, source: DEFAULT }
  }
  const flag = <T>(name: string, value: T | undefined, fallback: Sourced<T>): Sourced<T> => (value === undefined ? fallback : { value, source: `--${name}` })

  const settings: Settings = {
    config: loaded,
    ci,
    targets: { value: [...positionals], source: positionals.length > 0 ? 'arguments' : DEFAULT },
    suite: flag('suite', flags.suite, { value: undefined, source: DEFAULT }),
    scenarios: pick('scenarios', undefined as string[] | undefined),
    suites: pick('suites', undefined as string[] | undefined),
    reporters: flag('reporter', flags.reporter, pick('reporters', [...DEFAULT_REPORTERS] as string[], (specs, base) => specs.map((s) => withBase(s, base)))),
    outDir: flag('out', flags.out, pick('outDir', 'leakwatch-results', (dir, base) => resolve(base, dir))),
    failOn: flag('fail-on', flags['fail-on'] as 'fail' | 'warn' | undefined, pick('failOn', 'fail' as 'fail' | 'warn')),
    interval: flag('interval', flags.interval, pick('interval', 100)),
    scale: flag('scale', flags.scale, pick('scale', 1)),
    extension: flags['no-extend'] ? { value: false, source: '--no-extend' } : flags['max-extend'] !== undefined ? { value: { maxFactor: flags['max-extend'] }, source: '--max-extend' } : pick('extension', undefined as { maxFactor?: number } | false | undefined),
    diagnose: flags['no-diagnose'] ? { value: 'never', source: '--no-diagnose' } : flags.diagnose ? { value: 'always', source: '--diagnose' } : pick('diagnose', 'auto' as const),
    policyFields: [],
    policy: undefined,
    overrides: loaded?.config.overrides ? { value: loaded.config.overrides, source: loaded.label } : { value: {}, source: DEFAULT },
  }

  // the policy: each layer checked as it is laid on, so that a mistake names where it is
  let merged: PolicyOverrides = {}
  for (const layer of layers) {
    if (!layer.profile.policy) continue
    merged = deepMerge(merged, layer.profile.policy)
    naming(layer.source.replace(/ \(ci\)$/, ''), layer.source.endsWith('(ci)') ? 'ci.' : '', () => resolvePolicy(merged))
    for (const [path, value] of leaves(layer.profile.policy)) settings.policyFields.push({ path, value, source: layer.source })
  }
  // the CI profile's policy is checked off CI too: a mistake should not wait for the CI run to show
  if (loaded && !ci && file.ci?.policy) naming(loaded.label, 'ci.', () => resolvePolicy(deepMerge(merged, file.ci?.policy)))
  let policyFile: Policy | undefined
  if (flags.policy !== undefined) {
    // read once (it may be a pipe), and checked alone first: its messages, as without a config
    const raw = await readPolicyJson(flags.policy)
    policyFile = namingFile(flags.policy, () => resolvePolicy(raw))
    for (const [path, value] of leaves(raw)) settings.policyFields.push({ path, value, source: '--policy' })
    merged = deepMerge(merged, raw)
  }
  settings.policyFields = settings.policyFields.filter((f, i, all) => !all.slice(i + 1).some((later) => later.path === f.path))
  settings.policy = settings.policyFields.length === 0 ? policyFile : naming(flags.policy ?? loaded?.label ?? 'policy', '', () => resolvePolicy(merged))

  // each override's policy is laid over the run's, and checked now, before anything runs
  for (const [key, o] of Object.entries(settings.overrides.value)) {
    if (o.policy) naming(loaded?.label ?? 'config', `overrides['${key}'].`, () => resolvePolicy(deepMerge(merged, o.policy as PolicyOverrides)))
  }
  return settings
}

/** The policy of a scenario an override names: the run's, with the override's laid over it. */
export function overridePolicy(settings: Settings, override: ScenarioOverride): Policy {
  const base = settings.policy ?? resolvePolicy()
  return resolvePolicy(deepMerge(base as unknown as PolicyOverrides, override.policy ?? {}))
}

/** A `--policy` file's JSON, unchecked; the errors of `readPolicyFile`. */
async function readPolicyJson(path: string): Promise<PolicyOverrides> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PolicyOverrides
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new UsageError(err instanceof SyntaxError ? `${path}: not valid JSON (${why})` : `cannot read ${path}: ${why}`, { cause: err })
  }
}

/** `junit=reports/x.xml` in a config file is relative to the file's folder. */
function withBase(spec: string, base: string): string {
  const at = spec.indexOf('=')
  if (at < 0) return spec
  const path = spec.slice(at + 1).trim()
  return path === '' || isAbsolute(path) ? spec : `${spec.slice(0, at)}=${resolve(base, path)}`
}

/** The grader's messages say `policy.…`; in a config file the policy may sit under `ci.` or an override. */
function naming<T>(file: string, prefix: string, compute: () => T): T {
  try {
    return compute()
  } catch (err) {
    if (err instanceof GraderError) throw new UsageError(`${file}: ${err.message.replace(/(^|[\s(])policy(?=[.\s]|$)/g, `$1${prefix}policy`)}`, { cause: err })
    throw err
  }
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** `over` laid over `base`, object by object. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlain(base) || !isPlain(over)) return (over === undefined ? base : over) as T
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(out[k], v)
  return out as T
}

function* leaves(value: unknown, path = ''): Generator<[string, unknown]> {
  if (!isPlain(value)) {
    yield [path, value]
    return
  }
  for (const [k, v] of Object.entries(value)) yield* leaves(v, path === '' ? k : `${path}.${k}`)
}
