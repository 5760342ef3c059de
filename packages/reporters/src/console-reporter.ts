import type { Sample } from '@leakwatch/contracts'
import { units } from '@leakwatch/grader'
import type { Reporter, RunPlan } from '@leakwatch/runner'
import { escapeControl as safe } from './escape-control.js'
import { formatDiagnosis } from './format-diagnosis.js'
import { formatVerdict } from './format-verdict.js'
import type { ReporterOptions } from './reporter.js'
import { styleFor } from './style.js'
import { formatSummary } from './summary-table.js'

const { deltaMb, duration, mb, pct } = units

export interface ConsoleOptions {
  /** Without a terminal, a line is printed when nothing was for this long (default 30 s): CI systems kill jobs that look stuck. */
  heartbeatMs?: number
}

/**
 * The guide's output, scenario by scenario: the initial memory, a line for about every tenth
 * of the run (MiB, +MiB, +% and threads), whether the run was extended and why, then the verdict
 * with its reasons and actions; at the end a summary table naming every failure and warning.
 *
 * On a terminal a progress line shows the scenario working between checkpoints (cycle x/y,
 * elapsed, ETA, the leading layers' current values). Without one (a CI log, a pipe) there is
 * no progress line; instead a heartbeat line comes whenever nothing was printed for 30 s.
 * Colours and emoji follow `styleFor` (NO_COLOR, FORCE_COLOR, a terminal or not).
 *
 * What a scenario supplies (its name, description, errors, skip reasons, paths) is printed
 * with its control characters escaped; the progress line's own escapes are ours.
 */
export function consoleReporter({ stdout, env }: ReporterOptions, { heartbeatMs = 30_000 }: ConsoleOptions = {}): Reporter {
  const tty = stdout.isTTY === true
  const style = styleFor(stdout, env)
  const now = () => Date.now()
  let baseline: Sample | undefined
  let byTime = false
  // the runner takes ~50 checkpoints a run; the console prints about ten of them
  let step = 0
  let next = 0
  let status = ''
  let lastStatusAt = -Infinity
  let lastWriteAt = now()
  let heartbeat: NodeJS.Timeout | undefined
  let current: { name: string; plan: RunPlan; startedAt: number; latest?: Sample; cycle?: number; measureT?: number; diagnosing?: boolean } | undefined

  const write = (text: string) => {
    if (status) stdout.write('\r\u001b[2K') // clear the progress line first
    status = ''
    stdout.write(text)
    lastWriteAt = now()
  }
  const startHeartbeat = () => {
    if (tty || heartbeat || !(heartbeatMs > 0)) return
    heartbeat = setInterval(
      () => {
        if (current && now() - lastWriteAt >= heartbeatMs) write(`  … ${progress(current, false)}\n`)
      },
      Math.max(10, Math.min(5000, heartbeatMs / 3)),
    )
    heartbeat.unref()
  }

  return {
    onRunStart({ scenarios, scale }) {
      startHeartbeat()
      write(`leakwatch: ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}${scale === 1 ? '' : ` at scale ${scale}`}\n`)
    },
    onScenarioStart({ name, suite, description, plan }) {
      startHeartbeat()
      baseline = undefined
      lastStatusAt = -Infinity
      byTime = plan.mode === 'duration'
      current = { name, plan, startedAt: now() }
      const span = plan.mode === 'duration' ? plan.durationMs : plan.cycles
      step = Number.isFinite(span) && span > 0 ? span / 10 : 0
      next = step
      write(`\n${style.bold(`▶ ${safe(name)}`)} (${safe(suite)})${description ? `: ${safe(description)}` : ''}\n`)
    },
    onSample(name, sample) {
      if (current?.name === name) {
        current.latest = sample
        if (sample.cycle !== undefined && sample.phase === 'measure') {
          current.cycle = sample.cycle
          if (sample.cycle === 0 || current.measureT === undefined) current.measureT = sample.t
        }
      }
      if (sample.phase === 'measure' && sample.cycle !== undefined) {
        if (sample.cycle === 0 || !baseline) {
          baseline = sample
          write(`Initial memory: ${mb(sample.rss)}${sample.threads === undefined ? '' : `, ${sample.threads} threads`}\n`)
        } else {
          const at = byTime ? sample.t - baseline.t : sample.cycle
          if (step === 0 || at >= next - 1e-9) write(`${checkpointLine(sample, baseline, byTime)}\n`)
          while (step > 0 && next <= at + 1e-9) next += step
        }
      } else if (tty && current && sample.t - lastStatusAt >= 250) {
        lastStatusAt = sample.t
        status = `${style.emoji ? '⏳ ' : ''}${progress(current, true)}`
        stdout.write(`\r\u001b[2K${status}`)
      }
    },
    onScenarioEnd(report) {
      const took = `(${(report.durationMs / 1000).toFixed(1)} s)`
      if (report.extended) {
        const { planned, ran, unit, reasons } = report.extended
        const amount = unit === 'ms' ? `${(planned / 1000).toFixed(0)} s → ${(ran / 1000).toFixed(0)} s` : `${planned} → ${ran} cycles`
        write(`Extended: ${amount}, because ${safe(reasons[0] ?? 'the verdict was not yet clear')}\n`)
      }
      if (report.status === 'skip') {
        write(`${style.status('skip')}: ${safe(report.skipped ?? 'no reason given')}\n`)
      } else if (report.status === 'error') {
        write(`${style.status('error')} ${took}: ${safe(report.error ?? 'unknown error')}\n   what was measured is in ${safe(report.samplesFile)}\n`)
      } else if (report.verdict) {
        write(formatVerdict(report.verdict, { durationMs: report.durationMs, style }))
      }
      if (report.leftoverProcesses?.length) write(`Left running after teardown, then killed: ${safe(report.leftoverProcesses.join(', '))}\n`)
      if (report.diagnosis) write(`\n${formatDiagnosis(report.diagnosis)}`)
      current = undefined
    },
    onScenarioDiagnose({ name, status: graded }) {
      current = current?.name === name ? { ...current, diagnosing: true } : current
      write(`Graded ${graded.toUpperCase()}; looking for where it grew: running ${safe(name)} again with instruments…\n`)
    },
    onRunEnd(report) {
      if (heartbeat) clearInterval(heartbeat)
      heartbeat = undefined
      current = undefined
      write(formatSummary(report, style))
    },
  }

  /** "memory-stability-basic  cycle 340/1000  12.3 s  ETA 24 s  rss 148.1 MiB  heap 12.0 MiB  threads 12  fds 30" */
  function progress(scenario: NonNullable<typeof current>, live: boolean): string {
    const { name, plan, latest, cycle, measureT, diagnosing } = scenario
    const parts = [live ? safe(name) : `still running ${safe(name)}:`]
    const elapsed = now() - scenario.startedAt
    if (diagnosing) parts.push('second pass, with instruments')
    else if (latest?.phase && latest.phase !== 'measure') parts.push(latest.phase)
    else if (plan.mode === 'cycles' && cycle !== undefined) parts.push(`cycle ${cycle}/${plan.cycles}${cycle > plan.cycles ? ' (extended)' : ''}`)
    parts.push(`${duration(elapsed)}${live ? '' : ' elapsed'}`)
    const eta = diagnosing ? undefined : etaMs(plan, latest, cycle, measureT)
    if (eta !== undefined) parts.push(`ETA ${duration(eta)}`)
    if (latest) {
      parts.push(`rss ${mb(latest.rss)}`)
      if (latest.heapUsed !== undefined) parts.push(`heap ${mb(latest.heapUsed)}`)
      if (latest.threads !== undefined) parts.push(`threads ${latest.threads}`)
      if (latest.handles !== undefined) parts.push(`fds ${latest.handles}`)
    }
    return parts.join(live ? '  ' : ', ').replace(':,', ':')
  }
}

/** Time left in the measured phase, from its pace so far; none before the first checkpoint or past the plan. */
function etaMs(plan: RunPlan, latest: Sample | undefined, cycle: number | undefined, measureT: number | undefined): number | undefined {
  if (!latest || measureT === undefined || latest.phase !== 'measure') return undefined
  const spent = latest.t - measureT
  if (plan.mode === 'duration') return plan.durationMs > spent ? plan.durationMs - spent : undefined
  if (cycle === undefined || cycle <= 0 || cycle >= plan.cycles) return undefined
  return (spent / cycle) * (plan.cycles - cycle)
}

/** "  Cycle  100:   148.1 MiB (  +2.8 MiB,  +1.9%), 12 threads (+0)" or "  [  60s] …" for duration runs. */
function checkpointLine(sample: Sample, baseline: Sample, byTime: boolean): string {
  const label = byTime ? `[${`${Math.round((sample.t - baseline.t) / 1000)}s`.padStart(5)}]` : `Cycle ${String(sample.cycle).padStart(4)}:`
  const growth = sample.rss - baseline.rss
  const growthPct = (growth * 100) / baseline.rss
  let line = `  ${label} ${mb(sample.rss).padStart(11)} (${deltaMb(growth).padStart(10)}, ${pct(growthPct).padStart(6)})`
  if (sample.threads !== undefined) {
    const d = sample.threads - (baseline.threads ?? sample.threads)
    line += `, ${sample.threads} threads${d === 0 ? '' : ` (${d > 0 ? '+' : ''}${d})`}`
  }
  return line
}
