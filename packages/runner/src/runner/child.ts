// The child process of one scenario: forked by the runner with --expose-gc, it runs setup,
// warm-up, the measured cycles (and any extensions the parent orders) and teardown, and
// reports checkpoints over IPC.
import { once } from 'node:events'
import { access } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { Diagnoser } from '@leakwatch/diagnose'
import { jemallocDump, mallocTrim, nativeHeapProbe } from '@leakwatch/native'
import type { Phase, Sample } from '@leakwatch/contracts'
import { forceGC, groupMembers, sampleProcess } from '@leakwatch/sampler'
import { loadScenarioFile } from '../load.js'
import { findRegistered } from '../registry.js'
import type { Scenario, ScenarioSource } from '../scenario.js'
import { measure } from './measure.js'
import { type ChildMessage, LEADS_GROUP, type OrderMessage, type StartMessage } from './protocol.js'
import { WorkerGc } from './worker-gc.js'

const epoch = () => performance.timeOrigin + performance.now()
const workers = new WorkerGc()
const send = (message: ChildMessage) => new Promise<void>((done) => process.send?.(message, () => done()))

// The parent decides when to stop: a Ctrl-C in the terminal reaches it, and it ends us.
process.on('SIGINT', () => {})
// This process leads a process group of its own (the parent forks it detached), with whatever
// the scenario starts. If the parent goes (even by SIGKILL, or out of memory), the IPC channel
// closes: end the whole group, so that nothing of the run is left running without it.
const leadsGroup = process.argv.includes(LEADS_GROUP)
process.on('disconnect', () => {
  if (leadsGroup) process.kill(0, 'SIGKILL')
  process.exit(1)
})
// Stay alive while the parent is there, even if a cycle waits on a promise nothing will ever
// settle: a deadlock must show as a timeout, not as a quiet exit.
process.channel?.ref()

// the instruments of a diagnosis pass (absent on a measured run)
let diagnoser: Diagnoser | undefined
// made here, not in run(): a closure there would hold the scenario's context, and be the
// shortest retainer path to everything the scenario keeps
const workerSnapshots = (dir: string, name: string) => workers.heapSnapshots(dir, name)

process.once('message', (message: StartMessage) => {
  run(message).then(
    () => send({ type: 'done', at: epoch() }),
    async (err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err))
      if (diagnoser) await send({ type: 'diagnosis', diagnosis: diagnoser.result(error.message) })
      await send({ type: 'error', message: error.message, ...(error.stack ? { stack: error.stack } : {}) })
      await Promise.race([flushOutput(), sleep(5_000)])
      process.exit(1)
    },
  )
})

async function run({ source, plan, params, diagnose }: StartMessage): Promise<void> {
  workers.start()
  if (diagnose) {
    diagnoser = new Diagnoser({ ...diagnose, nativeDump: jemallocDump, workerSnapshots })
    for (const note of diagnose.notes) diagnoser.note(note)
  }
  const scenario = await load(source)
  // libuv starts its whole thread pool on first use; start it now so those threads are
  // part of the baseline instead of looking like a leak of the first cycle that reads a file
  await access(process.execPath).catch(() => {})
  // Node wraps stdout and stderr in a libuv handle the first time anything writes to them (a
  // console.log, or a worker thread's output, which is forwarded to them): open them now, or
  // those two handles look like resources left behind by the scenario
  void process.stdout
  void process.stderr
  await sleep(0) // a finished fs request stays among the active resources until the next turn
  await send({ type: 'ready', at: epoch() })
  await checkpoint('warmup') // before setup: what teardown must come back to
  diagnoser?.beforeSetup()

  const ctx = await scenario.setup?.({ ...scenario.params, ...params })
  let i = 0
  const step = async () => {
    await scenario.cycle(ctx, i++)
  }
  await phase('warmup')
  if ('cycles' in plan.warmup) for (let w = 0; w < plan.warmup.cycles; w++) await step()
  else for (const end = epoch() + plan.warmup.ms; epoch() < end; ) await step()

  await settleGc()
  await phase('measure')
  await checkpoint('measure', 0) // the baseline
  await diagnoser?.baseline()
  const measured = await measure(plan, {
    step,
    checkpoint: (cycle) => checkpoint('measure', cycle),
    measured: orderAfter,
    now: epoch,
  })

  await settleGc()
  await diagnoser?.end(measured, async (cycles, maxMs) => {
    for (let n = 0, end = epoch() + maxMs; n < cycles && epoch() < end; n++) await step()
  })
  await phase('teardown')
  await checkpoint('teardown', measured)
  await scenario.teardown?.(ctx)
  await flushOutput()
  await settleGc()
  await settleThreads()
  await settleProcesses()
  await phase('after')
  await checkpoint('after')
  if (diagnoser) {
    diagnoser.afterTeardown()
    await send({ type: 'diagnosis', diagnosis: diagnoser.result() })
    diagnoser = undefined
  }
}

async function load(source: ScenarioSource): Promise<Scenario> {
  if ('module' in source) {
    await import(source.module) // registers its suites here too
    const found = findRegistered(source.name)
    if (!found) throw new Error(`${source.module} registers no scenario named '${source.name}'`)
    return found.scenario
  }
  const scenarios = await loadScenarioFile(source.file)
  const scenario = scenarios[source.index]
  if (!scenario) throw new Error(`${source.file} has no scenario at index ${source.index}`)
  return scenario
}

/** Says the measured cycles so far are done, and waits for the parent's order: extend or finish. */
async function orderAfter(cycles: number): Promise<OrderMessage> {
  const order = once(process, 'message') // listening before asking: the answer cannot slip past
  await send({ type: 'measured', cycles, at: epoch() })
  return (await order)[0] as OrderMessage
}

async function phase(next: Phase): Promise<void> {
  await send({ type: 'phase', phase: next, at: epoch() })
}

/**
 * Takes a sample here, inside the process (heap, external, resources as well as RSS). Measured
 * checkpoints come after a full GC: they count what is still referenced, not garbage that
 * has yet to be collected, as the guide measures after gc.collect().
 */
async function checkpoint(at: Phase, cycle?: number): Promise<void> {
  const blocked = at === 'measure' ? await settleGc() : 0
  const sample: Sample = await sampleProcess(undefined, { probes: [nativeHeapProbe] })
  if (blocked > 0) sample.blockedWorkers = blocked
  // before setup and after teardown: the processes the scenario started and did not end
  if (at === 'after' || (at === 'warmup' && cycle === undefined)) {
    const others = otherProcesses()
    if (others !== undefined) sample.processes = others
  }
  sample.phase = at
  if (cycle !== undefined) sample.cycle = cycle
  await send({ type: 'checkpoint', sample, at: epoch() })
}

/**
 * A full GC in each worker thread of the scenario (see WorkerGc), then two in this one, with a
 * turn of the event loop between (V8 frees ArrayBuffer memory on a
 * background thread after a GC, and finalizers and weak callbacks run on the next turn), then
 * free malloc memory handed back to the OS where glibc allows: RSS then counts what is still
 * held, not what the allocator kept after it was freed. Returns how many workers could not be
 * asked to collect.
 */
async function settleGc(): Promise<number> {
  const blocked = await workers.collect()
  forceGC()
  await sleep(0)
  forceGC()
  mallocTrim()
  return blocked
}

/** Waits (up to 1 s) until the thread count stops falling: terminated workers exit asynchronously. */
async function settleThreads(): Promise<void> {
  let last = (await sampleProcess()).threads
  for (let i = 0; i < 50; i++) {
    await sleep(20)
    const now = (await sampleProcess()).threads
    if (now === last) return
    last = now
  }
}

/**
 * Waits until what the scenario wrote to stdout and stderr has left this process. Writes to a
 * pipe are asynchronous here: megabytes can wait in this process's buffers, lost when the parent
 * ends it, and a pending write would count as a resource left after teardown.
 */
async function flushOutput(): Promise<void> {
  while (process.stdout.writableLength + process.stderr.writableLength > 0) await sleep(5)
}

/**
 * The other live processes of this process's group (children, grandchildren), or undefined
 * where they cannot be counted (not a group leader, or no /proc).
 */
function otherProcesses(): number | undefined {
  if (!leadsGroup) return undefined
  const members = groupMembers(process.pid)
  return members.some((m) => m.pid === process.pid) ? members.length - 1 : undefined
}

/**
 * Waits (up to 1 s) while processes the scenario started are still going: one killed in
 * teardown but not awaited exits a moment later. Stops at once when none is left, and when the
 * count has not changed for 100 ms (a process left running stays).
 */
async function settleProcesses(): Promise<void> {
  let last = otherProcesses()
  for (let i = 0, still = 0; i < 50 && last !== undefined && last > 0 && still < 5; i++) {
    await sleep(20)
    const now = otherProcesses()
    still = now === last ? still + 1 : 0
    last = now
  }
}
