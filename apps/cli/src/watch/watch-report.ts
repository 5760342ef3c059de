import { cpus, totalmem } from 'node:os'
import { basename } from 'node:path'
import { countStatuses, type RunReport, type ScenarioReport } from '@leakwatch/runner'
import type { Verdict } from '@leakwatch/grader'
import type { WatchResult } from '@leakwatch/sampler'
import { VERSION } from '../version.js'
import type { WatchState } from './watch-state.js'

/** What is watched, as files and reports name it. */
export interface WatchTarget {
  /** The scenario's name in the reports: `watch-node-server.js`, or `pid-1234`. */
  name: string
  /** The samples file's name without `.ndjson`: `watch-node-server.js`, or `watch-1234`. */
  file: string
  /** For people: `node server.js`, or `pid 1234`. */
  shown: string
  params: Record<string, unknown>
}

/** Names a watch after its pid, or after its command and the command's first plain argument. */
export function watchTarget(pid: number | undefined, command: readonly string[]): WatchTarget {
  if (pid !== undefined) return { name: `pid-${pid}`, file: `watch-${pid}`, shown: `pid ${pid}`, params: { pid } }
  const [program = '', ...args] = command
  // `node server.js` → node-server.js; a script given inline (`node -e '…'`) is no name
  const script = args.find((a) => !a.startsWith('-'))
  const parts = [basename(program), ...(script !== undefined && /^[\w./@+-]{1,60}$/.test(script) ? [basename(script)] : [])]
  const slug = parts.join('-').replace(/[^\w.@+-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80) || 'command'
  const shown = [basename(program), ...args].map((a) => (/^[\w./@+:=,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')
  return { name: `watch-${slug}`, file: `watch-${slug}`, shown, params: { command: [...command] } }
}

export interface WatchOutcome {
  target: WatchTarget
  startedAt: Date
  /** How long sampling ran, ms. */
  durationMs: number
  /** `--duration`, ms, when given. */
  plannedMs?: number
  intervalMs: number
  verdict?: Verdict
  error?: string
  interrupted: boolean
  samplesFile: string
  logFile?: string
}

/** The results of a watch: a run of one scenario, suite `watch`, planned by duration. */
export function watchRunReport(o: WatchOutcome): RunReport {
  const scenario: ScenarioReport = {
    name: o.target.name,
    suite: 'watch',
    description: `${o.target.shown}, sampled from outside every ${o.intervalMs} ms`,
    params: { ...o.target.params, intervalMs: o.intervalMs },
    plan: {
      mode: 'duration',
      durationMs: o.durationMs,
      // no checkpoints: every sample is graded, after the start-up the grader leaves out
      checkpointMs: o.intervalMs,
      warmup: { ms: o.verdict?.startupMs ?? 0 },
      timeoutMs: o.plannedMs ?? o.durationMs,
      scale: 1,
    },
    status: o.error !== undefined ? 'error' : (o.verdict?.status ?? 'error'),
    ...(o.verdict ? { verdict: o.verdict } : {}),
    ...(o.error !== undefined ? { error: o.error } : {}),
    samplesFile: o.samplesFile,
    ...(o.logFile ? { logFile: o.logFile } : {}),
    durationMs: o.durationMs,
  }
  const scenarios = [scenario]
  return {
    schema: 'leakwatch/results@2',
    tool: { name: 'leakwatch', version: VERSION },
    env: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, totalMemory: totalmem(), ci: Boolean(process.env.CI) },
    startedAt: o.startedAt.toISOString(),
    durationMs: Date.now() - o.startedAt.getTime(),
    scale: 1,
    interrupted: o.interrupted,
    scenarios,
    totals: countStatuses(scenarios),
  }
}

/**
 * The verdict on the whole watch. A started command that failed before a verdict could be
 * reached (too few samples, or an inconclusive series) makes the watch an error; one that
 * failed later is a note, and the verdict decides.
 */
export function conclude(state: WatchState, result: WatchResult, shown: string): Pick<WatchOutcome, 'verdict' | 'error'> & { note?: string } {
  const graded = state.final()
  const exit = result.ending === 'exited' ? result.exit : undefined
  const failed = exit !== undefined && exit.code !== 0
  const how = exit === undefined ? '' : exit.code === null ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`
  const after = `after ${((state.latest?.t ?? 0) / 1000).toFixed(1)} s`
  if (!graded.verdict) {
    const why = failed ? `${shown} ${how} ${after}, before there were enough samples for a verdict` : `no verdict: ${graded.error}`
    return { error: why }
  }
  const verdict = graded.verdict
  if (failed && verdict.inconclusive && verdict.status !== 'fail') {
    return { verdict, error: `${shown} ${how} ${after}, before there were enough samples for a verdict` }
  }
  return failed ? { verdict, note: `${shown} ${how} ${after}` } : { verdict }
}
