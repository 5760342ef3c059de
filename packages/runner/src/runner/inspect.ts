// The process that loads a user's scenario file for leakwatch: forked (detached, in a process
// group of its own) by inspectScenarioFile with the file as its argument, it imports the file,
// validates its scenarios, asks each one's skip(), and sends the data back over IPC. The file's
// top-level code runs here, where leakwatch can bound it and kill it, never in leakwatch itself.
import { Worker } from 'node:worker_threads'
import type { InspectMessage } from '../inspect-file.js'
import { firstLine, loadScenarioFile } from '../load.js'
import { scenarioInfo, skipAnswer } from '../scenario.js'

const file = process.argv[2] ?? ''
let answered = false

const send = (message: InspectMessage) =>
  new Promise<void>((done, fail) => {
    process.send?.(message, (err: Error | null) => (err ? fail(err) : done()))
  })

function answer(message: InspectMessage): void {
  if (answered) return
  answered = true
  send(message).catch((err: unknown) => {
    if (!process.connected || message.type !== 'scenarios') process.exit(1) // the parent is gone
    answered = false
    reportError(new Error(`its scenarios cannot be sent to leakwatch: ${firstLine(err)}`))
  })
}

function reportError(err: unknown): void {
  const known = (err as { code?: unknown })?.code === 'LEAKWATCH_BAD_SCENARIO'
  answer({ type: 'error', message: known ? (err as Error).message : `${file}: cannot load it: ${firstLine(err)}` })
}

// If leakwatch dies (even by SIGKILL) this process group must not outlive it, and the file's
// top level may keep the main thread from ever turning its event loop again: a thread of its
// own watches for the parent's death (the process is then re-parented) and kills the group.
const watchdog = new Worker(
  `const { workerData: parent } = require('node:worker_threads')
  const end = () => { try { process.kill(-process.pid, 'SIGKILL') } catch { process.kill(process.pid, 'SIGKILL') } }
  setInterval(() => { if (process.ppid !== parent) end() }, 250)`,
  { eval: true, workerData: process.ppid },
)
watchdog.unref()

// Once answered, stay until the parent kills this process group; end if the parent goes away.
process.channel?.ref()
process.on('disconnect', () => process.exit(0))
// an error thrown later by something the top level started (a timer, a promise left to reject)
process.on('uncaughtException', reportError)
process.on('unhandledRejection', reportError)

async function inspect(): Promise<void> {
  const scenarios = await loadScenarioFile(file)
  await send({ type: 'loaded' })
  answer({ type: 'scenarios', scenarios: scenarios.map((s) => ({ ...scenarioInfo(s), ...skipAnswer(s) })) })
}

inspect().catch(reportError)
