import { findSourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { SourceLocation } from '@leakwatch/contracts'

/**
 * Frames kept of each creation stack. Node's own frames come first (a Timeout's stack starts
 * with five of them: emitInitNative, emitInitScript, initAsyncResource, new Timeout,
 * setInterval), so 16 leaves about ten for the code that created it.
 */
const STACK_FRAMES = 16
/** The first line of a stack captured with generated positions, which `mapFrame` maps later. */
export const UNMAPPED = 'unmapped'

// Under --enable-source-maps, Node maps every frame of a stack when it formats it: 114 µs for
// a 16-frame stack on this machine, against 22 µs for the positions alone (Node 20.20). A
// tracker that captures a stack per timer does it thousands of times a cycle, so it keeps the
// positions as V8 gives them and maps each distinct stack once, when it is read. It does so
// only when Node's own formatter is in place: a formatter of the user's (source-map-support,
// a test runner's) is theirs to apply, and is kept.
const NODE_FORMATTER = 'ErrorPrepareStackTrace'

/**
 * The stack of the code that called `below`, as text that `parseStack` reads, innermost first:
 * formatted by V8 (and mapped, when Node maps stacks), or positions as generated under the
 * `UNMAPPED` header for `mapFrame` to map. Reading the text at once lets V8 drop the frames,
 * which would otherwise keep functions and receivers alive in the heap being diagnosed.
 */
export function captureStack(below: (...args: never[]) => unknown): string {
  const limit = Error.stackTraceLimit
  const format = Error.prepareStackTrace
  const raw = process.sourceMapsEnabled && format?.name === NODE_FORMATTER
  const holder: { stack?: unknown } = {}
  Error.stackTraceLimit = STACK_FRAMES
  if (raw) Error.prepareStackTrace = formatPositions
  try {
    Error.captureStackTrace(holder, below)
    return String(holder.stack)
  } finally {
    Error.stackTraceLimit = limit
    if (raw) Error.prepareStackTrace = format
  }
}

function formatPositions(_error: unknown, sites: NodeJS.CallSite[]): string {
  let text = UNMAPPED
  for (const site of sites) {
    const file = site.getFileName()
    if (!file) continue // native and eval'd code: nothing a person can open
    const location = `${file}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0}`
    const name = frameName(site)
    text += name ? `\n    at ${name} (${location})` : `\n    at ${location}`
  }
  return text
}

function frameName(site: NodeJS.CallSite): string | undefined {
  const fn = site.getFunctionName() ?? site.getMethodName() ?? undefined
  const prefix = site.isAsync() ? 'async ' : ''
  if (site.isConstructor()) return `${prefix}new ${fn ?? '<anonymous>'}`
  const type = site.isToplevel() ? null : site.getTypeName()
  if (type && fn) return `${prefix}${type}.${fn}`
  return fn ? `${prefix}${fn}` : undefined
}

/**
 * A frame of an `UNMAPPED` stack at its original source, through the source map Node loaded
 * for its file (as Node would have printed it under --enable-source-maps); as it is when its
 * file has none.
 */
export function mapFrame(frame: SourceLocation): SourceLocation {
  if (frame.file.startsWith('node:')) return frame
  let entry: { originalSource?: string; originalLine?: number; originalColumn?: number; name?: string } | undefined
  try {
    entry = findSourceMap(frame.file)?.findEntry(frame.line - 1, frame.column - 1)
  } catch {
    return frame
  }
  if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return frame
  const file = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : entry.originalSource
  const mapped: SourceLocation = { file, line: entry.originalLine + 1, column: entry.originalColumn + 1 }
  if (frame.function) mapped.function = frame.function
  return mapped
}
