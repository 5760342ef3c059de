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
   * Asked in the parent before the run: a reason to skip the scenario here (a missing native
   * binding, say), or undefined to run it. Throwing makes the run an error with that message.
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

/**
 * Where a scenario comes from: a registered suite (the module that registers it, as a file
 * URL, and the scenario's name), or a file (and its index in the file's default export).
 */
export type ScenarioSource = { module: string; name: string } | { file: string; index: number }

/** A scenario as the parent process knows it: what it is, where it comes from. */
export interface ScenarioRef {
  name: string
  suite: string
  description: string
  source: ScenarioSource
  scenario: Scenario
}
