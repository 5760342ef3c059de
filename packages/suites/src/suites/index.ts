import type { Scenario } from '@leakwatch/runner'
import { QUICK } from './quick.js'
import { STRESS } from './stress.js'
import { VIDEO } from './video.js'

/** The built-in suites, by name, in the order they run. */
export const SUITES = { quick: QUICK as Scenario[], stress: STRESS as Scenario[], video: VIDEO as Scenario[] } as const

export type SuiteName = keyof typeof SUITES

/** Every built-in scenario, suite by suite. */
export const BUILTINS: readonly Scenario[] = Object.values(SUITES).flat()
