import { fileURLToPath } from 'node:url'
import type { SourceLocation } from '@leakwatch/contracts'

// `    at fn (location)` or `    at location`; `async ` and `new ` prefix the function. A
// location never ends in `)` (it ends in `:line:column`), so a frame that does names its
// function, and a path with parentheses in it (`/app/x (copy)/a.js`) stays whole.
const FRAME = /^\s*at (?:(.+?) \((.+)\)|(.+[^)]))\s*$/
// A location ends in `:line:column`; the file part may itself hold colons (`node:fs`, URLs).
const LOCATION = /^(.*):(\d+):(\d+)$/
// An eval frame's location (`eval at run (file:///x.js:3:7), <anonymous>:1:1`) names the
// code that called eval, which is the nearest place a person can open.
const EVAL_ORIGIN = /\((.+?:\d+:\d+)\)/

/**
 * Parses the frames of a V8 stack (`err.stack`), innermost first. Lines that are not frames
 * (the message, `at new Promise (<anonymous>)`, native frames) are left out; `file://` URLs
 * become paths; line and column stay 1-based, as V8 prints them. Stacks mapped by
 * `--enable-source-maps` parse the same (their paths are already plain paths).
 *
 * @example
 * parseStack(new Error().stack ?? '')[0] // { file: '/app/src/poller.ts', line: 42, column: 5, function: 'poll' }
 */
export function parseStack(stack: string): SourceLocation[] {
  const frames: SourceLocation[] = []
  for (const line of stack.split('\n')) {
    const frame = parseFrame(line)
    if (frame) frames.push(frame)
  }
  return frames
}

/** One `    at …` line as a location, or undefined when it names no file and line. */
export function parseFrame(line: string): SourceLocation | undefined {
  const match = FRAME.exec(line)
  if (!match) return undefined
  const name = match[1]
  let location = match[2] ?? match[3] ?? ''
  if (location.startsWith('eval at ')) location = EVAL_ORIGIN.exec(location)?.[1] ?? location
  const parts = LOCATION.exec(location)
  if (!parts) return undefined
  const frame: SourceLocation = { file: toPath(parts[1] ?? ''), line: Number(parts[2]), column: Number(parts[3]) }
  const fn = functionName(name)
  if (fn) frame.function = fn
  return frame
}

function functionName(name: string | undefined): string | undefined {
  if (!name) return undefined
  const bare = name.replace(/^async /, '')
  // Source-mapped stacks name top-level code `<anonymous>`: no name, as V8's own stacks have.
  return bare === '<anonymous>' ? undefined : bare
}

function toPath(file: string): string {
  if (!file.startsWith('file://')) return file
  try {
    return fileURLToPath(file)
  } catch {
    return file
  }
}

/**
 * Where leakwatch's own code lives, so that a stack names the user's code instead: installed,
 * under `node_modules/@leakwatch/`; in leakwatch's repository, the `src/` and `dist/` of the
 * packages that run in the measured process, found from this file's own place (so that a
 * user's monorepo with a `packages/runner` of its own is not mistaken for leakwatch, and
 * leakwatch's tests, which are user code to it, are not either).
 */
const LEAKWATCH_PATHS = ['/node_modules/@leakwatch/', ...ownPackageDirs()]

function ownPackageDirs(): string[] {
  // src/stack.ts or dist/index.js → packages/
  const packagesDir = fileURLToPath(new URL('../../', import.meta.url)).replaceAll('\\', '/')
  return ['diagnose', 'runner', 'sampler'].flatMap((name) => [`${packagesDir}${name}/src/`, `${packagesDir}${name}/dist/`])
}

export interface FirstUserFrameOptions {
  /** More path fragments whose frames are not the user's (a harness of their own). */
  skip?: readonly string[]
}

/**
 * The frame that names the user's code: the first one that is not Node's own (`node:…`),
 * nor leakwatch's, nor in node_modules. A resource created inside a dependency (a pool inside
 * `undici`) is so named by the user's call into it, which is the line they can change; when no
 * frame is outside node_modules, the first node_modules frame names the package at fault.
 * Undefined when every frame is Node's or leakwatch's (a socket accepted by a server has no
 * JavaScript stack at all).
 */
export function firstUserFrame(frames: readonly SourceLocation[], options: FirstUserFrameOptions = {}): SourceLocation | undefined {
  const skip = [...LEAKWATCH_PATHS, ...(options.skip ?? [])]
  let firstDependency: SourceLocation | undefined
  for (const frame of frames) {
    if (!isUserCandidate(frame.file, skip)) continue
    if (!isInNodeModules(frame.file)) return frame
    firstDependency ??= frame
  }
  return firstDependency
}

function isUserCandidate(file: string, skip: readonly string[]): boolean {
  if (file.startsWith('node:') || file === '<anonymous>' || file === 'native') return false
  const path = file.replaceAll('\\', '/')
  return !skip.some((fragment) => path.includes(fragment))
}

function isInNodeModules(file: string): boolean {
  return file.replaceAll('\\', '/').includes('/node_modules/')
}
