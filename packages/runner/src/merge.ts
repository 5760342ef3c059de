import { countStatuses, type RunReport, type ScenarioReport } from './report.js'

/**
 * Joins several results files' reports into one: shards of one run, or a run and its re-runs.
 * Scenarios keep the order they first appear in; a scenario (suite and name) found in more
 * than one report is taken from the report that started last, so a re-run replaces what it
 * re-ran. The merged run starts with the earliest report and ends with the latest; it is
 * interrupted when any part was. Totals are counted again. The merged report names a shard
 * only when every part is the same shard (its re-runs): shards joined are no shard.
 *
 * Throws a RangeError when the reports ran at different scales (their verdicts would not be
 * comparable) or when there are none.
 */
export function mergeReports(reports: readonly RunReport[]): RunReport {
  const [first] = reports
  if (!first) throw new RangeError('nothing to merge')
  const scales = [...new Set(reports.map((r) => r.scale))]
  if (scales.length > 1) throw new RangeError(`the results ran at different scales (${scales.join(', ')}); merge results of one scale`)
  const byStart = [...reports].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
  const scenarios = new Map<string, ScenarioReport>()
  for (const report of reports) for (const s of report.scenarios) if (!scenarios.has(key(s))) scenarios.set(key(s), s)
  for (const report of byStart) for (const s of report.scenarios) scenarios.set(key(s), s)
  const start = Math.min(...reports.map((r) => Date.parse(r.startedAt)))
  const end = Math.max(...reports.map((r) => Date.parse(r.startedAt) + r.durationMs))
  const merged = [...scenarios.values()]
  const { shard: _shard, ...rest } = first
  const shards = new Set(reports.map((r) => (r.shard ? `${r.shard.index}/${r.shard.total}` : '')))
  return {
    ...rest,
    ...(first.shard && shards.size === 1 ? { shard: first.shard } : {}),
    env: { ...first.env, ci: reports.some((r) => r.env.ci) },
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    interrupted: reports.some((r) => r.interrupted),
    scenarios: merged,
    totals: countStatuses(merged),
  }
}

const key = (s: ScenarioReport) => `${s.suite}\u0000${s.name}`
