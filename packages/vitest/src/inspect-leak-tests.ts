import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import type { ScenarioInfo } from '@leakwatch/runner'
import { childModule } from './isolated.js'

type InspectMessage = { type: 'scenarios'; scenarios: ScenarioInfo[] } | { type: 'error'; message: string }

/**
 * The leak tests a test file declares, as data: the file is imported in a short-lived process
 * of its own, as a scenario's child imports it (vitest stubbed), never in this one.
 */
export async function inspectLeakTests(file: string, timeoutMs = 30_000): Promise<ScenarioInfo[]> {
  const entry = createRequire(import.meta.url).resolve('@leakwatch/vitest/inspect')
  const child = fork(entry, [childModule(file)], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
  let timer: NodeJS.Timeout | undefined
  try {
    return await new Promise<ScenarioInfo[]>((done, fail) => {
      timer = setTimeout(() => fail(new Error(`${file}: importing it did not finish within ${timeoutMs} ms`)), timeoutMs)
      child.on('message', (message: InspectMessage) => (message.type === 'scenarios' ? done(message.scenarios) : fail(new Error(`${file}: ${message.message}`))))
      child.once('exit', (code) => fail(new Error(`${file}: the process importing it exited (${String(code)}) ${stderr.trim()}`)))
    })
  } finally {
    clearTimeout(timer)
    child.kill('SIGKILL')
  }
}
