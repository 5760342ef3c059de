import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Jiti } from 'jiti'
import { UsageError } from '../errors.js'
import type { LeakwatchConfig } from './define.js'
import { checkConfig } from './schema.js'

/** The names a config file may have, in the order they are looked for in each folder. */
export const CONFIG_NAMES = ['leakwatch.config.ts', 'leakwatch.config.mts', 'leakwatch.config.js', 'leakwatch.config.mjs', 'leakwatch.config.json'] as const

const TYPESCRIPT = /\.(c|m)?tsx?$/
// loaded on first use, as the runner does: importing it takes ~70 ms
let jiti: Jiti | undefined

/** A config file, read and checked. */
export interface LoadedConfig {
  /** Absolute path. */
  file: string
  /** How messages and `config --print` name it: relative to the working folder. */
  label: string
  config: LeakwatchConfig
}

/** The first config file in `cwd` or a folder above it, up to the filesystem root; undefined if none. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const file = join(dir, name)
      if (existsSync(file) && statSync(file).isFile()) return file
    }
    if (dirname(dir) === dir) return undefined
  }
}

/**
 * The config of a run: the file `--config` names, else the one found from `cwd` upwards, else
 * none (also with `--no-config`). A file that cannot be loaded or does not check out is a
 * UsageError naming the file and, where it can, the key.
 */
export async function loadConfig(options: { path?: string | undefined; none?: boolean | undefined; cwd?: string }): Promise<LoadedConfig | undefined> {
  if (options.none) {
    if (options.path !== undefined) throw new UsageError('give --config or --no-config, not both')
    return undefined
  }
  const cwd = options.cwd ?? process.cwd()
  let file: string
  if (options.path !== undefined) {
    file = resolve(cwd, options.path)
    if (!existsSync(file)) throw new UsageError(`--config ${options.path}: no such file`)
    if (!statSync(file).isFile()) throw new UsageError(`--config ${options.path}: not a file`)
  } else {
    const found = findConfigFile(cwd)
    if (found === undefined) return undefined
    file = found
  }
  const rel = relative(cwd, file)
  const label = rel === '' || isAbsolute(rel) ? file : rel
  const exported = await importConfig(file, label)
  const checked = checkConfig(exported)
  if ('problem' in checked) throw new UsageError(`${label}: ${checked.problem}`)
  return { file, label, config: checked.config }
}

async function importConfig(file: string, label: string): Promise<unknown> {
  let exported: unknown
  try {
    if (file.endsWith('.json')) return JSON.parse(readFileSync(file, 'utf8'))
    if (TYPESCRIPT.test(file)) {
      jiti ??= (await import('jiti')).createJiti(import.meta.url, { moduleCache: false })
      exported = await jiti.import(file, { default: true })
    } else {
      exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default
    }
  } catch (err) {
    const why = err instanceof SyntaxError && file.endsWith('.json') ? `not valid JSON (${firstLine(err)})` : `cannot load it: ${firstLine(err)}`
    throw new UsageError(`${label}: ${why}`, { cause: err })
  }
  if (exported === undefined) throw new UsageError(`${label}: no default export; export default defineConfig({ … }) (or a plain object)`)
  return exported
}

/** The first non-empty line of an error's message. */
function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error'
}
