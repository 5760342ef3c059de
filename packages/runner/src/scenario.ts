/**
 * A workload leakwatch runs in cycles in its own process. `defineScenario` only gives it
 * types: a plain default-exported object is just as valid, and keys leakwatch does not know
 * are ignored.
 *
 * @example
 * export default defineScenario({
 *   name: 'frame-cache',
 *   cycles: 1000,
 *   async setup() { return { cache: new FrameCache(64) } },
 *   async cycle(ctx, i) { ctx.cache.put(i, makeFrame()) },
 *   async teardown(ctx) { ctx.cache.clear() },
 * })
 */
export interface Scenario<Ctx = unknown, P extends ScenarioParams = ScenarioParams> {
  name: string
  /** 'quick', 'stress', 'video', or anything of your own. Default 'custom'. */
  suite?: string
  description?: string
  /** Measured cycles. Give this or `durationMs`. */
  cycles?: number
  /** Run cycles continuously for this long instead of a fixed count. */
  durationMs?: number
  /** Cycles run before the baseline and not graded. Default: a tenth of the run (3 to 100 cycles). */
  warmup?: number
  /**
   * A checkpoint (two forced GCs, then a sample inside the process) every this many cycles.
   * Default: about 50 over the run, `max(1, round(cycles / 50))`, so the trend has points enough.
   */
  checkpointEvery?: number
  /** For duration scenarios: a checkpoint every this many ms. Default: 50 over the run, `durationMs / 50`. */
  checkpointMs?: number
  /** Past this the run is stopped: status 'error', "timeout (possible deadlock)". */
  timeoutMs?: number
  /** Defaults of the knobs `setup` reads; recorded in the results. `fault: true` switches on a built-in's leak. */
  params?: P
  /**
   * Asked once, when the scenario is resolved and before any run: a reason to skip the scenario
   * here (a missing native binding, say), or undefined to run it. Throwing makes the run an
   * error with that message. A file's scenarios are asked in the process that loads the file
   * for leakwatch, under the same time bound as its top-level code.
   */
  skip?(): string | undefined
  // methods, not function properties: a Scenario<MyCtx> is then usable wherever a Scenario is
  setup?(params: P): Ctx | Promise<Ctx>
  /** One unit of work. `i` counts every cycle run, warm-up included, from 0. */
  cycle(ctx: Ctx, i: number): unknown
  teardown?(ctx: Ctx): unknown
}

export type ScenarioParams = Record<string, unknown>

/** Identity: gives a scenario object its types. */
export function defineScenario<Ctx, P extends ScenarioParams = ScenarioParams>(scenario: Scenario<Ctx, P>): Scenario<Ctx, P> {
  return scenario
}

/** The keys of a scenario that are data: what the parent process plans, reports and records from. */
const DATA_KEYS = ['name', 'suite', 'description', 'cycles', 'durationMs', 'warmup', 'checkpointEvery', 'checkpointMs', 'timeoutMs', 'params'] as const

/**
 * A scenario's definition without its functions: what leakwatch's own process needs to plan,
 * report and record it. The scenarios of a file are loaded in a short-lived process of their
 * own, so a file's top-level code never runs inside leakwatch; this is what that process sends
 * back.
 */
export type ScenarioInfo = Pick<Scenario, (typeof DATA_KEYS)[number]>

/** The data of a scenario (its functions left out); keys it does not have stay absent. */
export function scenarioInfo(scenario: Scenario): ScenarioInfo {
  const info: Record<string, unknown> = {}
  for (const key of DATA_KEYS) if (scenario[key] !== undefined) info[key] = scenario[key]
  return info as unknown as ScenarioInfo
}

/** What a scenario's `skip()` answered: a reason to skip it here, or the message it threw. */
export interface SkipAnswer {
  skipped?: string
  skipError?: string
}

/** Asks a scenario's `skip()`, if it has one; a throw is caught and kept as `skipError`. */
export function skipAnswer(scenario: Scenario): SkipAnswer {
  try {
    const reason = scenario.skip?.()
    return reason ? { skipped: String(reason) } : {}
  } catch (err) {
    return { skipError: err instanceof Error ? err.message : String(err) }
  }
}

/**
 * Where a scenario comes from: a registered suite (the module that registers it, as a file
 * URL, and the scenario's name), or a file (and its index in the file's default export).
 */
export type ScenarioSource = { module: string; name: string } | { file: string; index: number }

/**
 * A scenario as the parent process knows it: what it is, where it comes from, and whether it
 * runs here. `scenario` is data only; the scenario's child process loads the functions itself.
 * `skipped`/`skipError` are its `skip()`'s answer, asked when it was resolved: for a file, in
 * the process that loaded it; for a registered suite, in this process.
 */
export interface ScenarioRef extends SkipAnswer {
  name: string
  suite: string
  description: string
  source: ScenarioSource
  scenario: ScenarioInfo
}
