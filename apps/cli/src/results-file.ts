import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { RunReport, ScenarioReport } from '@leakwatch/runner'
import { UsageError } from './errors.js'

const SCHEMA = 'leakwatch/results@2'
const STATUSES = new Set(['pass', 'warn', 'fail', 'skip', 'error'])

/**
 * Reads a results file that `leakwatch run` wrote (`leakwatch/results@2`), checked enough that
 * every reporter can render it; anything wrong is one line naming the file. Samples and log
 * paths are absolute in the file; where the results were moved (a CI artifact downloaded
 * elsewhere), they are found again beside the results file, in `samples/` and `logs/`.
 */
export async function readResultsFile(path: string): Promise<RunReport> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder; give its leakwatch-results.json' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new UsageError(`cannot read ${path}: ${why}`, { cause: err })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON (${(err as Error).message})`, { cause: err })
  }
  const report = json as Partial<RunReport> | null
  if (typeof report !== 'object' || report === null || Array.isArray(report)) throw new UsageError(`${path}: not a leakwatch results file (expected an object with "schema": "${SCHEMA}")`)
  if (report.schema !== SCHEMA) {
    const got = typeof report.schema === 'string' ? `"${report.schema}"` : 'none'
    throw new UsageError(`${path}: not a leakwatch results file this version reads (schema ${got}, expected "${SCHEMA}")`)
  }
  if (typeof report.startedAt !== 'string' || Number.isNaN(Date.parse(report.startedAt))) throw new UsageError(`${path}: "startedAt" must be an ISO date`)
  if (typeof report.durationMs !== 'number' || typeof report.scale !== 'number') throw new UsageError(`${path}: "durationMs" and "scale" must be numbers`)
  if (!Array.isArray(report.scenarios)) throw new UsageError(`${path}: "scenarios" must be a list`)
  const here = dirname(resolve(path))
  const scenarios = report.scenarios.map((s: Partial<ScenarioReport> | null, i) => {
    const at = `${path}: scenarios[${i}]`
    if (typeof s !== 'object' || s === null) throw new UsageError(`${at} must be an object`)
    if (typeof s.name !== 'string' || typeof s.suite !== 'string') throw new UsageError(`${at} needs a "name" and a "suite"`)
    if (typeof s.status !== 'string' || !STATUSES.has(s.status)) throw new UsageError(`${at} ("${s.name}"): "status" must be one of pass, warn, fail, skip, error`)
    if (typeof s.samplesFile !== 'string') throw new UsageError(`${at} ("${s.name}"): "samplesFile" must be a path`)
    if (s.verdict !== undefined && (typeof s.verdict !== 'object' || s.verdict === null || !Array.isArray(s.verdict.reasons) || !Array.isArray(s.verdict.layers))) {
      throw new UsageError(`${at} ("${s.name}"): "verdict" must have "reasons" and "layers" lists`)
    }
    const found = { ...s, samplesFile: relocate(s.samplesFile, here, 'samples') } as ScenarioReport
    if (typeof s.logFile === 'string') found.logFile = relocate(s.logFile, here, 'logs')
    return found
  })
  return { ...(report as RunReport), scenarios }
}

function relocate(file: string, here: string, folder: string): string {
  const absolute = resolve(here, file)
  if (existsSync(absolute)) return absolute
  const beside = join(here, folder, basename(file))
  return existsSync(beside) ? beside : absolute
}
