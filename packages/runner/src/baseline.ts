import type { LayerFinding, Status } from '@leakwatch/grader'
import type { RunReport, ScenarioReport } from './report.js'

/**
 * How far a scenario may move from its baseline before it counts as a regression. A late
 * slope regresses when it rose by more than `slopePct` % of the baseline's slope and by more
 * than `slopeFloorBytes` (per cycle, or per second for duration scenarios), its 90 % interval
 * lies wholly above the baseline's (a rise that noise cannot explain), and the growth it adds
 * over the run rose by more than `projectedPct` points of the layer's size: a few KiB a cycle
 * is a leak in a 5 MiB heap, and page noise in the 40 MiB of RSS outside it (a clean program
 * under load once showed +2.6 KiB/cycle there, 1.2 % of the layer over its run). The peak (RSS
 * at the end of the measured run) regresses when it rose by more than `peakPct` %.
 */
export interface BaselineTolerance {
  slopePct: number
  slopeFloorBytes: number
  /** Points of the layer's size (its findings' `projectedPct`); default 2.5, the grader's possible slow leak on its shortest tier. */
  projectedPct: number
  peakPct: number
}

export const DEFAULT_BASELINE_TOLERANCE: BaselineTolerance = { slopePct: 50, slopeFloorBytes: 1024, projectedPct: 2.5, peakPct: 10 }

/** What comparing a scenario with its baseline found (`ScenarioReport.baseline`). */
export interface BaselineComparison {
  /** False when the baseline has no verdict for this scenario: nothing was compared. */
  compared: boolean
  /** One line per regression beyond the tolerance; empty when none. */
  regressions: string[]
  /** The status before the comparison raised it; absent when it did not change it. */
  statusBefore?: Status
}

export interface BaselineOptions {
  /** A results file of an earlier run (`readResultsFile`, or `runSuite`'s return). */
  report: RunReport
  /** A regression fails the scenario; otherwise it warns. */
  failOnIncrease?: boolean
  tolerance?: Partial<BaselineTolerance>
}

/**
 * The regressions of one scenario against its baseline, one line each: every memory layer
 * whose late slope rose beyond the tolerance, and the peak.
 *
 * @example
 * compareScenario(now, before) // ['regression against baseline: heap late slope +3.1 KiB/cycle vs +270 B/cycle']
 */
export function compareScenario(now: ScenarioReport, before: ScenarioReport, tolerance: Partial<BaselineTolerance> = {}): string[] {
  const t = { ...DEFAULT_BASELINE_TOLERANCE, ...tolerance }
  if (!now.verdict || !before.verdict) return []
  const lines: string[] = []
  for (const layer of now.verdict.layers) {
    const old = before.verdict.layers.find((l) => l.layer === layer.layer)
    if (old && slopeRegressed(layer, old, t)) {
      const per = layer.slope?.per === 'second' ? 's' : 'cycle'
      lines.push(`regression against baseline: ${layer.layer} late slope ${signed(layer.slope?.value ?? 0)}/${per} vs ${signed(old.slope?.value ?? 0)}/${per}`)
    }
  }
  const peakNow = peak(now)
  const peakBefore = peak(before)
  if (peakNow !== undefined && peakBefore !== undefined && peakBefore > 0 && peakNow > peakBefore * (1 + t.peakPct / 100)) {
    const pct = (100 * (peakNow - peakBefore)) / peakBefore
    lines.push(`regression against baseline: peak RSS ${bytes(peakNow)} vs ${bytes(peakBefore)} (+${pct.toFixed(0)} %)`)
  }
  return lines
}

/**
 * Compares a scenario with the one of the same suite and name in the baseline, records it in
 * `report.baseline`, and on a regression adds the lines to its verdict's reasons (first, when
 * they raise its status; last otherwise) and raises its status: a pass becomes a warn (a fail with `failOnIncrease`; a warn too). Never lowers
 * a status, and leaves a skip or error as it is.
 */
export function applyBaseline(report: ScenarioReport, options: BaselineOptions): BaselineComparison {
  const before = options.report.scenarios.find((s) => s.name === report.name && s.suite === report.suite) ?? options.report.scenarios.find((s) => s.name === report.name)
  if (!before?.verdict || !report.verdict) return (report.baseline = { compared: false, regressions: [] })
  const regressions = compareScenario(report, before, options.tolerance)
  const comparison: BaselineComparison = { compared: true, regressions }
  if (regressions.length > 0) {
    const raised = raise(report.status, options.failOnIncrease === true)
    // the first reason says what decided: the baseline, when it raised the status
    if (raised === report.status) report.verdict.reasons.push(...regressions)
    else {
      report.verdict.reasons.unshift(...regressions)
      comparison.statusBefore = report.status
      report.status = raised
      report.verdict.status = raised
    }
  }
  report.baseline = comparison
  return comparison
}

function raise(status: Status, failOnIncrease: boolean): Status {
  if (status === 'pass') return failOnIncrease ? 'fail' : 'warn'
  if (status === 'warn' && failOnIncrease) return 'fail'
  return status
}

function slopeRegressed(now: LayerFinding, before: LayerFinding, t: BaselineTolerance): boolean {
  if (now.unit !== 'bytes' || !now.slope || !before.slope || now.slope.per !== before.slope.per) return false
  const rise = now.slope.value - before.slope.value
  const projectedRise = (now.projectedPct ?? 0) - (before.projectedPct ?? 0)
  return rise > Math.max((t.slopePct / 100) * Math.abs(before.slope.value), t.slopeFloorBytes) && now.slope.low > before.slope.high && projectedRise > t.projectedPct
}

/** RSS at the end of the measured run: the RSS layer's final level, or the verdict's. */
function peak(report: ScenarioReport): number | undefined {
  return report.verdict?.layers.find((l) => l.layer === 'rss')?.final ?? report.verdict?.final
}

function signed(n: number): string {
  return `${n < 0 ? '-' : '+'}${bytes(Math.abs(n))}`
}

function bytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}
