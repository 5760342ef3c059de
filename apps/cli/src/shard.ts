import { planScenario, type RunPlan, type ScenarioRef } from '@leakwatch/runner'
import { UsageError } from './errors.js'

/** One shard of a run: the `index`-th (from 1) of `total`. */
export interface Shard {
  index: number
  total: number
}

/** Parses `--shard i/n`: whole numbers, 1 ≤ i ≤ n. Anything else is a UsageError. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const index = Number(match?.[1])
  const total = Number(match?.[2])
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(total) || total < 1 || index < 1 || index > total) {
    throw new UsageError(`--shard must be i/n with whole numbers 1 <= i <= n (e.g. 2/4), got '${text}'`)
  }
  return { index, total }
}

/**
 * A guess of a cycle's length by suite, for scenarios that run a count of cycles: the results
 * do not know it before a run. The built-in stress and video suites do heavier work per cycle.
 */
const MS_PER_CYCLE: Record<string, number> = { quick: 5, stress: 50, video: 50 }
const DEFAULT_MS_PER_CYCLE = 20
/** Each scenario's own process: start-up, checkpoints (two forced GCs each), teardown. */
const OVERHEAD_MS = 1000

/**
 * How long a scenario is expected to take, in ms, from its plan: a duration scenario its
 * warm-up and duration; a cycles scenario its warm-up and measured cycles times the suite's
 * guess per cycle. Never more than its timeout, plus one second of overhead either way.
 */
export function estimateMs(plan: RunPlan, suite: string): number {
  const run =
    plan.mode === 'duration'
      ? ('ms' in plan.warmup ? plan.warmup.ms : 0) + plan.durationMs
      : (('cycles' in plan.warmup ? plan.warmup.cycles : 0) + plan.cycles) * (MS_PER_CYCLE[suite] ?? DEFAULT_MS_PER_CYCLE)
  return OVERHEAD_MS + Math.min(run, plan.timeoutMs)
}

/**
 * Splits scenarios into `total` shards of about equal expected duration and returns the
 * `index`-th, in the order they were given. Longest first, each goes to the shard with the
 * least so far (ties: the lowest shard), over scenarios sorted by estimate and then name:
 * every shard computes the same split from the same scenarios, so shards are disjoint and
 * cover them all, and no shard exceeds the ideal (the total / n) by more than its longest.
 */
export function selectShard<T extends Pick<ScenarioRef, 'name' | 'suite' | 'scenario'>>(scenarios: readonly T[], shard: Shard, scale = 1): T[] {
  return assignShards(scenarios, shard.total, scale)[shard.index - 1] ?? []
}

/** Every shard's scenarios (see `selectShard`), each in the order given. */
export function assignShards<T extends Pick<ScenarioRef, 'name' | 'suite' | 'scenario'>>(scenarios: readonly T[], total: number, scale = 1): T[][] {
  const estimated = scenarios.map((ref, order) => ({ ref, order, ms: estimateMs(planScenario(ref.scenario, scale), ref.suite) }))
  estimated.sort((a, b) => b.ms - a.ms || (a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : a.ref.suite < b.ref.suite ? -1 : 1))
  const load = Array.from({ length: total }, () => 0)
  const shards: Array<typeof estimated> = Array.from({ length: total }, () => [])
  for (const item of estimated) {
    const lightest = load.indexOf(Math.min(...load))
    load[lightest] = (load[lightest] ?? 0) + item.ms
    shards[lightest]?.push(item)
  }
  return shards.map((items) => items.sort((a, b) => a.order - b.order).map((i) => i.ref))
}
