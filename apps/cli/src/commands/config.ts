import { defineCommand, timerMs } from '../command.js'
import { CONFIG_OPTIONS, settingsFor } from '../config/options.js'
import { configScenarioFiles } from '../config/scenarios.js'
import type { Settings, Sourced } from '../config/settings.js'
import { EXIT, UsageError } from '../errors.js'
import { REPORTER_HELP } from '../reporter-specs.js'

export const config = defineCommand({
  name: 'config',
  summary: 'show the settings a run would use, and where each comes from',
  usage: ['leakwatch config [--print] [--json] [run options]'],
  description: `Reads the config file (leakwatch.config.ts, .mts, .js, .mjs or .json, in this folder or the
nearest one above it) and shows what 'leakwatch run' would do with the same flags: each value
and where it comes from (default, the file, the file's ci profile under CI, or a flag).`,
  options: {
    ...CONFIG_OPTIONS,
    print: { description: 'print the resolved settings (the default)' },
    json: { description: 'print them as JSON' },
    suite: { value: '<name>', description: 'as run --suite' },
    scale: { value: '<f>', number: { min: 0.001 }, description: 'as run --scale' },
    out: { value: '<dir>', description: 'as run --out' },
    reporter: { ...REPORTER_HELP, description: 'as run --reporter' },
    'fail-on': { value: '<level>', choices: ['fail', 'warn'], description: 'as run --fail-on' },
    policy: { value: '<file.json>', description: 'as run --policy' },
    interval: { value: '<ms>', number: timerMs, description: 'as run --interval' },
    'max-extend': { value: '<f>', number: { min: 1 }, description: 'as run --max-extend' },
    'no-extend': { description: 'as run --no-extend' },
    diagnose: { description: 'as run --diagnose' },
    'no-diagnose': { description: 'as run --no-diagnose' },
  },
  footer: `Precedence: defaults < config file < its ci profile (when CI is set) < flags.
Exit codes: 0 shown, 2 bad usage or a bad config file.`,

  async run({ values }, io) {
    if (values['no-extend'] && values['max-extend'] !== undefined) throw new UsageError('give --no-extend or --max-extend, not both')
    if (values.diagnose && values['no-diagnose']) throw new UsageError('give --diagnose or --no-diagnose, not both')
    const settings = await settingsFor(values, [])
    const files = await configScenarioFiles(settings)
    io.stdout.write(values.json ? `${JSON.stringify({ ...settingsJson(settings), files }, null, 2)}\n` : renderSettings(settings, files, values['no-config'] === true))
    return EXIT.ok
  },
})

const SHOWN = ['scenarios', 'suites', 'suite', 'reporters', 'outDir', 'failOn', 'interval', 'scale', 'extension', 'diagnose'] as const

/** The settings as data: each value with its source. */
export function settingsJson(settings: Settings): Record<string, unknown> {
  return {
    file: settings.config?.file ?? null,
    ci: settings.ci,
    ...Object.fromEntries(SHOWN.map((key) => [key, settings[key]])),
    policy: settings.policyFields,
    overrides: settings.overrides,
  }
}

/** One line a setting: its key, its value, where it came from. */
export function renderSettings(settings: Settings, files: readonly string[] = [], noConfig = false): string {
  const quick = settings.targets.value.length === 0 && settings.suite.value === undefined && settings.scenarios.value === undefined && settings.suites.value === undefined
  const rows: Array<[string, string, string]> = SHOWN.map((key) => [key, key === 'suites' && quick ? '- (the quick suite)' : show(key, settings[key]), settings[key].source])
  // what the globs match, to check them without a run
  if (settings.scenarios.value) rows.splice(1, 0, ['  files', files.length === 0 ? '(none match)' : files.join(', '), settings.scenarios.source])
  if (settings.policyFields.length === 0) rows.push(['policy', 'the defaults', 'default'])
  for (const f of settings.policyFields) rows.push([`policy.${f.path}`, JSON.stringify(f.value), f.source])
  for (const [key, o] of Object.entries(settings.overrides.value)) rows.push([`overrides['${key}']`, JSON.stringify(o), settings.overrides.source])
  const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)) + 2) as [number, number]
  const head = [
    `config file: ${settings.config ? settings.config.label : noConfig ? 'none (--no-config)' : 'none (no leakwatch.config.* here or above)'}`,
    `CI profile: ${!settings.config?.config.ci ? 'none' : settings.ci ? 'applied (CI is set)' : 'not applied (CI is not set)'}`,
    '',
  ]
  return `${[...head, ...rows.map(([k, v, s]) => `${k.padEnd(width[0])}${v.padEnd(width[1])}${s}`)].join('\n')}\n`
}

function show(key: (typeof SHOWN)[number], { value }: Sourced<unknown>): string {
  if (value === undefined) {
    if (key === 'extension') return 'up to 4 times the planned cycles'
    return '-'
  }
  if (key === 'extension') return value === false ? 'never' : `up to ${(value as { maxFactor?: number }).maxFactor ?? 4} times the planned cycles`
  if (Array.isArray(value)) return value.join(', ')
  return String(value)
}
