import { rmdirSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import type { DiagnosePart, Diagnosis, Finding } from '@leakwatch/contracts'
import { findJemalloc, JEMALLOC_MISSING_NOTE, nativeProfileEnv } from '@leakwatch/diagnose'
import type { ScenarioReport } from './report.js'
import { runScenario } from './runner/run-scenario.js'
import type { ScenarioParams, ScenarioRef } from './scenario.js'

/** When and how `runSuite` looks for where a leak grows. */
export interface DiagnoseOptions {
  /** 'auto' (the default): after a scenario that fails or warns; 'always': after every scenario that ran; 'never'. */
  when?: 'auto' | 'always' | 'never'
  /** The instruments; default {@link DEFAULT_PARTS} (and `native` with `nativeProfile`). */
  parts?: readonly DiagnosePart[]
  /** The memory the heap-snapshot comparison may take, bytes; default 512 MiB. */
  budgetBytes?: number
  /** Also profile native memory with jemalloc (it must be installed: `apt-get install libjemalloc2`). */
  nativeProfile?: boolean
}

/** Every instrument but jemalloc's, which needs a library installed and a flag. */
export const DEFAULT_PARTS: readonly DiagnosePart[] = ['sampling', 'snapshot', 'handles', 'fds', 'threads', 'maps']

/** Time a diagnosis pass may take beyond the scenario's own timeout: two heap snapshots, their comparison, the probes. */
const EXTRA_TIMEOUT_MS = 120_000

/** Whether a graded scenario gets a diagnosis pass. */
export function wantsDiagnosis(report: ScenarioReport, options: DiagnoseOptions = {}): boolean {
  const when = options.when ?? 'auto'
  if (when === 'never' || report.status === 'skip' || !report.verdict) return false
  return when === 'always' || report.status === 'fail' || report.status === 'warn'
}

export interface DiagnosePassOptions {
  outDir: string
  scale: number
  params?: ScenarioParams | undefined
  intervalMs?: number | undefined
  signal?: AbortSignal | undefined
  diagnose: DiagnoseOptions
}

/**
 * Runs the scenario again, as planned but never extended, with the instruments on (a pass of
 * its own, so that they never move the numbers the verdict rests on), and returns where its
 * leak grows. Its samples and log are `<name>.diagnose.ndjson` and `.log` beside the run's. A
 * pass that fails keeps what it found, with the reason in `error`.
 */
export async function diagnoseScenario(ref: ScenarioRef, report: ScenarioReport, options: DiagnosePassOptions): Promise<Diagnosis> {
  const verdict = report.verdict
  const flagged = (verdict?.layers ?? []).filter((l) => l.status !== 'pass').map((l) => l.layer)
  const layers = verdict?.decidedBy ? [verdict.decidedBy, ...flagged.filter((l) => l !== verdict.decidedBy)] : flagged
  const resourceTypes = Object.keys(verdict?.layers.find((l) => l.layer === 'resources')?.grew ?? verdict?.resources?.grew ?? {})
  const parts = [...(options.diagnose.parts ?? DEFAULT_PARTS)]
  const notes: string[] = []
  let env: NodeJS.ProcessEnv | undefined
  const dir = join(options.outDir, 'diagnose', ref.name)
  if (options.diagnose.nativeProfile) {
    const jemalloc = findJemalloc()
    if (jemalloc) {
      env = { ...process.env, ...nativeProfileEnv(join(dir, 'native'), jemalloc) }
      if (!parts.includes('native')) parts.push('native')
    } else {
      notes.push(JEMALLOC_MISSING_NOTE)
    }
  } else if (layers.some((l) => l === 'native' || l === 'outside' || l === 'rss') && !parts.includes('native')) {
    notes.push(findJemalloc()
      ? 'native: run again with --native-profile to see the native stacks that grow'
      : 'native: run again with --native-profile (jemalloc needed: apt-get install libjemalloc2 binutils) to see the native stacks that grow')
  }
  const run = await runScenario(ref, {
    outDir: options.outDir,
    outputName: `${ref.name}.diagnose`,
    scale: options.scale,
    ...(options.params ? { params: options.params } : {}),
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.signal ? { signal: options.signal } : {}),
    extension: false,
    execArgv: ['--enable-source-maps'],
    ...(env ? { env } : {}),
    extraTimeoutMs: EXTRA_TIMEOUT_MS,
    diagnose: { parts, dir, layers, resourceTypes, notes, ...(options.diagnose.budgetBytes === undefined ? {} : { budgetBytes: options.diagnose.budgetBytes }) },
  })
  // the child removes its snapshots once read; a pass that broke off may have left them
  rmSync(dir, { recursive: true, force: true })
  try {
    rmdirSync(dirname(dir))
  } catch {
    // another scenario's pass is there, or it is gone already
  }
  const diagnosis: Diagnosis = run.diagnosis ?? { cycles: 0, durationMs: run.durationMs, measureMs: 0, parts, findings: [], notes }
  if (run.status === 'error' && diagnosis.error === undefined) diagnosis.error = run.error ?? 'the diagnosis pass failed'
  return diagnosis
}

/** The action a finding with a known site suggests, for the top of the verdict's actions. */
export function siteAction(finding: Finding | undefined, root = process.cwd()): string | undefined {
  const site = finding?.site
  if (!finding || !site) return undefined
  const near = relative(root, site.file)
  const at = `${near === '' || near.startsWith('..') || !site.file.startsWith('/') ? site.file : near}:${site.line}`
  return `Look at ${at}${site.function ? ` (${site.function})` : ''}: ${finding.summary}`
}
