import type { SourceLocation } from '@leakwatch/contracts'
import type { Inspector } from './inspector.js'
import { firstUserFrame, parseStack } from './stack.js'

/** Something the heap snapshots showed growing: instances of a constructor, or entries of one collection. */
export interface GrowthTarget {
  kind: 'instances' | 'entries'
  /** V8's heap object id of one instance (or of the collection), from a snapshot of this process. */
  nodeId: number
}

/** Where the growth happens: the statement most of the captured stacks name, and how many did. */
export interface GrowthSite {
  site: SourceLocation
  stack: SourceLocation[]
  /** Stacks captured, and how many of them named `site`. */
  captured: number
  named: number
}

const RECORD = Symbol.for('leakwatch.growth-site')
/** Stacks kept per target: enough to see which statement dominates. */
const MAX_STACKS = 200

type Recorder = (index: number, stack: string | undefined) => void

/**
 * Names the statement that makes an object grow, by watching it grow: a V8 sampling profile
 * names only the function that allocates, so after the snapshots have said *what* grew, the
 * scenario runs a few more cycles with a probe on it.
 * - instances of a constructor of the user's code: a conditional breakpoint at the constructor
 *   (through the inspector's Debugger) whose condition records the stack and returns false, so
 *   the program never pauses. The frame under `new X` is the statement that allocates.
 * - entries of a Map, Set or Array: its mutators (`set`, `add`, `push`, `unshift`, `splice`)
 *   are wrapped on that one instance, so the stack of each call is recorded.
 * Entries added by assignment (`object[key] = value`, `array[i] = value`) cannot be watched:
 * those growths keep the function the sampling profile named.
 */
export class GrowthSites {
  readonly #inspector: Inspector
  readonly #stacks: string[][] = []
  readonly #breakpoints: string[] = []
  readonly #patched: string[] = []

  constructor(inspector: Inspector) {
    this.#inspector = inspector
  }

  /** Installs a probe for each target; true where one could be installed. */
  async install(targets: readonly GrowthTarget[]): Promise<boolean[]> {
    const stacks = this.#stacks
    const record: Recorder = (index, stack) => {
      const list = stacks[index]
      if (list && stack !== undefined && list.length < MAX_STACKS) list.push(stack)
    }
    ;(globalThis as Record<symbol, unknown>)[RECORD] = record
    await this.#inspector.post('Debugger.enable')
    const installed: boolean[] = []
    for (const [index, target] of targets.entries()) {
      this.#stacks[index] = []
      installed.push(await this.#probe(index, target).catch(() => false))
    }
    return installed
  }

  async #probe(index: number, target: GrowthTarget): Promise<boolean> {
    const { result } = await this.#inspector.post<{ result: { objectId?: string } }>('HeapProfiler.getObjectByHeapObjectId', { objectId: String(target.nodeId) })
    if (!result.objectId) return false
    if (target.kind === 'entries') {
      const { result: count } = await this.#inspector.post<{ result: { value?: number } }>('Runtime.callFunctionOn', {
        objectId: result.objectId,
        functionDeclaration: WRAP_MUTATORS,
        arguments: [{ value: index }],
        returnByValue: true,
      })
      if ((count.value ?? 0) > 0) this.#patched.push(result.objectId)
      return (count.value ?? 0) > 0
    }
    const { result: ctor } = await this.#inspector.post<{ result: { objectId?: string } }>('Runtime.callFunctionOn', {
      objectId: result.objectId,
      functionDeclaration: 'function () { return this.constructor }',
    })
    if (!ctor.objectId) return false
    const { internalProperties = [] } = await this.#inspector.post<{ internalProperties?: { name: string; value?: { value?: unknown } }[] }>('Runtime.getProperties', { objectId: ctor.objectId, ownProperties: true })
    const location = internalProperties.find((p) => p.name === '[[FunctionLocation]]')?.value?.value
    if (!location) return false // a builtin (Object, Array): nothing to break in
    const { breakpointId } = await this.#inspector.post<{ breakpointId: string }>('Debugger.setBreakpoint', {
      location,
      condition: `globalThis[Symbol.for('leakwatch.growth-site')](${index}, new Error().stack), false`,
    })
    this.#breakpoints.push(breakpointId)
    return true
  }

  /** Takes every probe out: the breakpoints, the wrapped mutators, the debugger. */
  async remove(): Promise<void> {
    for (const breakpointId of this.#breakpoints.splice(0)) await this.#inspector.post('Debugger.removeBreakpoint', { breakpointId }).catch(() => {})
    for (const objectId of this.#patched.splice(0)) {
      await this.#inspector.post('Runtime.callFunctionOn', { objectId, functionDeclaration: UNWRAP_MUTATORS }).catch(() => {})
    }
    await this.#inspector.post('Debugger.disable').catch(() => {})
    delete (globalThis as Record<symbol, unknown>)[RECORD]
  }

  /** The statement that most of the target's captured stacks name, if any was captured. */
  site(index: number): GrowthSite | undefined {
    const counts = new Map<string, { frames: SourceLocation[]; site: SourceLocation; n: number }>()
    const stacks = this.#stacks[index] ?? []
    for (const stack of stacks) {
      const frames = afterConstructor(parseStack(stack))
      const site = firstUserFrame(frames)
      if (!site) continue
      const key = `${site.file}:${site.line}:${site.column}`
      const entry = counts.get(key) ?? { frames: frames.slice(frames.indexOf(site), frames.indexOf(site) + 5), site, n: 0 }
      entry.n++
      counts.set(key, entry)
    }
    const best = [...counts.values()].sort((a, b) => b.n - a.n)[0]
    return best && { site: best.site, stack: best.frames, captured: stacks.length, named: best.n }
  }
}

/** A breakpoint's stack starts in the condition's eval and the constructor: the allocating statement is the frame under `new X`. */
function afterConstructor(frames: SourceLocation[]): SourceLocation[] {
  const at = frames.findIndex((f) => f.function?.startsWith('new '))
  return at === -1 ? frames : frames.slice(at + 1)
}

// Run inside the scenario's process, on the collection (`this`). The wrappers are own,
// non-enumerable properties of that one instance, and each records the stack of its caller.
const WRAP_MUTATORS = `function (index) {
  const target = this
  const names = target instanceof Map ? ['set'] : target instanceof Set ? ['add'] : Array.isArray(target) ? ['push', 'unshift', 'splice'] : []
  for (const name of names) {
    const original = target[name]
    const wrapped = function (...args) {
      const holder = {}
      Error.captureStackTrace(holder, wrapped)
      globalThis[Symbol.for('leakwatch.growth-site')](index, holder.stack)
      return original.apply(this, args)
    }
    Object.defineProperty(target, name, { value: wrapped, configurable: true, writable: true, enumerable: false })
  }
  return names.length
}`

const UNWRAP_MUTATORS = `function () {
  for (const name of ['set', 'add', 'push', 'unshift', 'splice']) {
    if (Object.prototype.hasOwnProperty.call(this, name)) delete this[name]
  }
}`
