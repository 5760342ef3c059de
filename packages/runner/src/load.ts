import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Jiti } from 'jiti'
import { ScenarioError } from './errors.js'
import type { Scenario } from './scenario.js'
import { validateScenario } from './validate.js'

const TYPESCRIPT = /\.(c|m)?tsx?$/
// loaded on first use: importing it takes ~70 ms, which every scenario's child paid, built-ins
// and JavaScript files included
let jiti: Jiti | undefined

/**
 * Loads the scenarios of a file *in this process*: its default export, one scenario or an
 * array of them, each validated. TypeScript is compiled on the fly (jiti); JavaScript is
 * imported as it is. The file's top-level code runs here, unbounded: leakwatch itself calls this
 * only in processes it can kill (the one `inspectScenarioFile` starts, and each scenario's
 * child), and so should a caller that does not trust the file.
 */
export async function loadScenarioFile(file: string): Promise<Scenario[]> {
  const path = resolve(file)
  if (!existsSync(path)) throw bad(file, 'no such file')
  if (!statSync(path).isFile()) throw bad(file, 'not a file')
  let exported: unknown
  try {
    if (TYPESCRIPT.test(path)) {
      jiti ??= (await import('jiti')).createJiti(import.meta.url, { moduleCache: false })
      exported = await jiti.import(path, { default: true })
    } else {
      exported = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default
    }
  } catch (err) {
    throw bad(file, `cannot load it: ${firstLine(err)}`, err)
  }
  if (exported === undefined) throw bad(file, 'no default export; export default a scenario (or an array of them)')
  const list = Array.isArray(exported) ? exported : [exported]
  if (list.length === 0) throw bad(file, 'its default export is an empty array')
  const scenarios = list.map((s, i) => validateScenario(s, list.length > 1 ? `${file} [${i}]` : file))
  const seen = new Set<string>()
  for (const s of scenarios) {
    if (seen.has(s.name)) throw bad(file, `two scenarios named '${s.name}'`)
    seen.add(s.name)
  }
  return scenarios
}

function bad(file: string, problem: string, cause?: unknown): ScenarioError {
  return new ScenarioError('LEAKWATCH_BAD_SCENARIO', `${file}: ${problem}`, { cause })
}

/** The first non-empty line of an error's message. */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error'
}
