import type { Sample } from '@leakwatch/contracts'
import { units } from '@leakwatch/grader'
import type { Reporter } from '@leakwatch/runner'
import { escapeControl as safe } from './escape-control.js'
import { formatDiagnosis } from './format-diagnosis.js'
import { formatVerdict } from './format-verdict.js'
import type { ReporterOptions } from './reporter.js'

const { deltaMb, mb, pct } = units

/**
 * The guide's output, scenario by scenario: the initial memory, a line for about every tenth
 * of the run (MB, +MB, +% and threads), whether the run was extended and why, then the verdict
 * with its reasons and actions. On a terminal a status line shows the scenario working
 * between checkpoints. What a scenario supplies (its description, errors, skip reasons, paths)
 * is printed with its control characters escaped; the status line's own escapes are ours.
 */
export function consoleReporter({ stdout }: ReporterOptions): Reporter {
  const tty = stdout.isTTY === true
  let baseline: Sample | undefined
  let byTime = false
  // the runner takes ~50 checkpoints a run; the console prints about ten of them
  let step = 0
  let next = 0
  let status = ''
  let lastStatusAt = 0
  const write = (text: string) => {
    if (status) stdout.write('\r\u001b[2K') // clear the status line first
    status = ''
    stdout.write(text)
  }

  return {
    onRunStart({ scenarios, scale }) {
      write(`leakwatch: ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}${scale === 1 ? '' : ` at scale ${scale}`}\n`)
    },
    onScenarioStart({ name, suite, description, plan }) {
      baseline = undefined
      byTime = plan.mode === 'duration'
      const span = plan.mode === 'duration' ? plan.durationMs : plan.cycles
      step = Number.isFinite(span) && span > 0 ? span / 10 : 0
      next = step
      write(`\n▶ ${safe(name)} (${safe(suite)})${description ? `: ${safe(description)}` : ''}\n`)
    },
    onSample(name, sample) {
      if (sample.phase === 'measure' && sample.cycle !== undefined) {
        if (sample.cycle === 0 || !baseline) {
          baseline = sample
          write(`Initial memory: ${mb(sample.rss)}${sample.threads === undefined ? '' : `, ${sample.threads} threads`}\n`)
        } else {
          const at = byTime ? sample.t - baseline.t : sample.cycle
          if (step === 0 || at >= next - 1e-9) write(`${checkpointLine(sample, baseline, byTime)}\n`)
          while (step > 0 && next <= at + 1e-9) next += step
        }
      } else if (tty && sample.t - lastStatusAt >= 250) {
        lastStatusAt = sample.t
        status = `⏳ ${safe(name)}  ${(sample.t / 1000).toFixed(1)} s  ${sample.phase ?? ''}  rss ${mb(sample.rss)}`
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
        write(`⏭️  SKIP: ${safe(report.skipped ?? 'no reason given')}\n`)
      } else if (report.status === 'error') {
        write(`💥 ERROR ${took}: ${safe(report.error ?? 'unknown error')}\n   what was measured is in ${safe(report.samplesFile)}\n`)
      } else if (report.verdict) {
        write(formatVerdict(report.verdict, { durationMs: report.durationMs }))
      }
      if (report.leftoverProcesses?.length) write(`Left running after teardown, then killed: ${safe(report.leftoverProcesses.join(', '))}\n`)
      if (report.diagnosis) write(`\n${formatDiagnosis(report.diagnosis)}`)
    },
    onScenarioDiagnose({ name, status }) {
      write(`Graded ${status.toUpperCase()}; looking for where it grew: running ${safe(name)} again with instruments…\n`)
    },
    onRunEnd(report) {
      const t = report.totals
      const summary = `${t.pass} passed, ${t.warn} warned, ${t.fail} failed, ${t.error} errors, ${t.skip} skipped`
      write(`\n${report.interrupted ? 'interrupted: ' : ''}${summary} in ${(report.durationMs / 1000).toFixed(1)} s\n`)
    },
  }
}

/** "  Cycle  100:   148.1 MB (+  2.8 MB, + 1.9%), 12 threads (+0)" or "  [  60s] …" for duration runs. */
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
