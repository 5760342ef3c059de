import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { groupMembers } from '@leakwatch/sampler'
import { resolveScenarios, runScenario, type RunScenarioOptions, type ScenarioRef, type ScenarioRun } from '../src/index.js'
import type { tempFolder } from '../../../tools/temp-folder.js'

type Temp = ReturnType<typeof tempFolder>

/** Writes a scenario file into the test's temp folder and resolves its first scenario. */
export async function scenarioRef(temp: Temp, name: string, body: string): Promise<ScenarioRef> {
  const file = temp.write(`${name}.scenario.mjs`, body)
  const [ref] = await resolveScenarios({ targets: [file] })
  if (!ref) throw new Error(`${file}: no scenario`)
  return ref
}

/** Writes a scenario file and runs its first scenario, into `<temp>/out` unless told otherwise. */
export async function runFile(temp: Temp, name: string, body: string, options: Partial<RunScenarioOptions> = {}): Promise<ScenarioRun> {
  return runScenario(await scenarioRef(temp, name, body), { outDir: join(temp.dir, 'out'), intervalMs: 20, ...options })
}

/** True while a process runs: it exists and is not a zombie (exited, waiting to be reaped). */
export function running(pid: number | undefined): boolean {
  if (pid === undefined) return false
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
    return state !== 'Z' && state !== 'X'
  } catch {
    return false
  }
}

/** Polls until the process group has no live member, at most `ms`; returns what is left. */
export async function groupGone(pgid: number, ms: number): Promise<string[]> {
  const until = Date.now() + ms
  for (;;) {
    const left = groupMembers(pgid).map((m) => `${m.name} (pid ${m.pid})`)
    if (left.length === 0 || Date.now() > until) return left
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The pids in `sleep (pid 1234)` lines. */
export const pidsOf = (names: readonly string[]) => names.map((n) => Number(/\(pid (\d+)\)$/.exec(n)?.[1]))
