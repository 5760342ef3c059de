import { createRequire } from 'node:module'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { jsonReporter, junitReporter } from '@leakwatch/reporters'
import { countStatuses, type RunReport, type ScenarioReport } from '@leakwatch/runner'
import type { Reporter, TestModule, Vitest } from 'vitest/node'
import type { LeakMeta } from './_task-meta.js'

const OWN = createRequire(import.meta.url)('../package.json') as { name: string; version: string }

export interface LeakwatchReporterOptions {
  /** The folder of `leakwatch-results.json` and `.xml`, relative to vitest's root. Default `leakwatch-results`. */
  outDir?: string
  /** Which files to write. Default both. */
  formats?: ReadonlyArray<'json' | 'junit'>
}

/** Where the reporter tells the workers (forked after `onInit`) to put samples and logs. */
export const OUT_DIR_ENV = 'LEAKWATCH_VITEST_OUT_DIR'

/**
 * A vitest reporter that writes leakwatch's results file (`leakwatch-results.json`, schema
 * `leakwatch/results@2`) and its JUnit XML for the leak checks of the run: `test.leak`,
 * `expectNoLeak` and `toLeak`. Add it beside vitest's own reporters.
 *
 * @example
 * // vitest.config.ts
 * import { LeakwatchReporter } from '@leakwatch/vitest/reporter'
 * export default defineConfig({ test: { reporters: ['default', new LeakwatchReporter({ outDir: 'leakwatch-results' })] } })
 */
export class LeakwatchReporter implements Reporter {
  readonly #options: LeakwatchReporterOptions
  #outDir: string
  #startedAt = new Date()

  constructor(options: LeakwatchReporterOptions = {}) {
    this.#options = options
    // relative to the working folder until vitest says its root (onInit)
    this.#outDir = resolve(options.outDir ?? 'leakwatch-results')
  }

  /** The folder the files are written to, once vitest has started. */
  get outDir(): string {
    return this.#outDir
  }

  onInit(vitest: Vitest): void {
    this.#outDir = resolve(vitest.config.root, this.#options.outDir ?? 'leakwatch-results')
    process.env[OUT_DIR_ENV] = this.#outDir
    this.#startedAt = new Date()
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const scenarios: ScenarioReport[] = []
    let warnIsFailure = false
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta().leakwatch as LeakMeta | undefined
        if (!meta) continue
        scenarios.push(...meta.reports)
        warnIsFailure ||= meta.warnIsFailure
      }
    }
    if (scenarios.length === 0) return
    const report = buildRunReport(scenarios, this.#startedAt)
    const formats = this.#options.formats ?? ['json', 'junit']
    const options = { stdout: process.stdout, outDir: this.#outDir, warnIsFailure }
    if (formats.includes('json')) await jsonReporter(options).onRunEnd?.(report)
    if (formats.includes('junit')) await junitReporter(options).onRunEnd?.(report)
  }
}

/** The run's report, in the results file's schema, from the leak checks' reports. */
export function buildRunReport(scenarios: ScenarioReport[], startedAt: Date): RunReport {
  return {
    schema: 'leakwatch/results@2',
    tool: { name: OWN.name, version: OWN.version },
    env: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, totalMemory: totalmem(), ci: Boolean(process.env.CI) },
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    scale: 1,
    interrupted: false,
    scenarios,
    totals: countStatuses(scenarios),
  }
}

