import type { OptionSpec } from '../command.js'
import { loadConfig } from './load.js'
import { resolveSettings, type SettingFlags, type Settings } from './settings.js'

/** `--config` and `--no-config`, the same on every command that reads the config file. */
export const CONFIG_OPTIONS = {
  config: { value: '<file>', description: 'the config file (default: the first leakwatch.config.{ts,mts,js,mjs,json}\nin this folder or one above it)' },
  'no-config': { description: 'read no config file' },
} as const satisfies Record<string, OptionSpec>

/** The flags of a command that reads the config file. */
export interface ConfigFlags extends SettingFlags {
  config?: string | undefined
  'no-config'?: boolean | undefined
}

/** Finds and reads the config file, and lays it and the flags over the defaults. */
export async function settingsFor(values: ConfigFlags, positionals: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<Settings> {
  const loaded = await loadConfig({ path: values.config, none: values['no-config'], cwd })
  return resolveSettings(loaded, values, positionals, env)
}
