import type { Scenario, ScenarioInfo } from '@leakwatch/runner'

const DATA_KEYS = ['suite', 'description', 'cycles', 'durationMs', 'warmup', 'checkpointEvery', 'checkpointMs', 'timeoutMs', 'params'] as const

/** What the runner's process needs of a scenario, under `name`: its data, without its functions. */
export function scenarioData(scenario: Omit<Scenario, 'name'>, name: string): ScenarioInfo {
  const info: Record<string, unknown> = { name }
  for (const key of DATA_KEYS) if (scenario[key] !== undefined) info[key] = scenario[key]
  return info as unknown as ScenarioInfo
}
