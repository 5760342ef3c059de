import type { SourceLocation } from '@leakwatch/contracts'
import { mapFrame, UNMAPPED } from './handles-capture.js'
import { firstUserFrame, parseStack } from './stack.js'

/** Frames a finding's stack keeps: from the first that is not Node's own, past the site by a few. */
const STACK_SHOWN = 8
const FRAMES_PAST_SITE = 2

/** Live resources of one type created at one place. */
export interface SiteGroup {
  type: string
  count: number
  /** The user's frame that created them; undefined when the stack had none (then `stack` holds leakwatch's frames, or nothing when Node alone made it). */
  site?: SourceLocation
  /** A few frames around the site, innermost first, Node's own left out. */
  stack: SourceLocation[]
}

/**
 * Groups resources by type and by the user's frame in their creation stack, largest first.
 * Each distinct stack text is parsed once: a leak's resources share a handful of stacks.
 */
export function handleSites(resources: Iterable<{ type: string; stack: string }>): SiteGroup[] {
  const parsed = new Map<string, { key: string; site?: SourceLocation; stack: SourceLocation[] }>()
  const groups = new Map<string, SiteGroup>()
  for (const { type, stack } of resources) {
    let where = parsed.get(stack)
    if (!where) {
      where = locate(stack)
      parsed.set(stack, where)
    }
    const key = `${type}\0${where.key}`
    const group = groups.get(key)
    if (group) group.count++
    else groups.set(key, { type, count: 1, ...(where.site ? { site: where.site } : {}), stack: where.stack })
  }
  return [...groups.values()].sort((a, b) => b.count - a.count)
}

function locate(text: string): { key: string; site?: SourceLocation; stack: SourceLocation[] } {
  let frames = parseStack(text).filter((frame) => !frame.file.startsWith('node:'))
  if (text.startsWith(UNMAPPED)) frames = frames.map(mapFrame)
  const site = firstUserFrame(frames)
  if (!site) return { key: '', stack: frames.slice(0, STACK_SHOWN) }
  // Deep inside a dependency, the frames just above the site are the ones that say what it did.
  const end = frames.indexOf(site) + 1 + FRAMES_PAST_SITE
  return { key: `${site.file}:${site.line}:${site.column}`, site, stack: frames.slice(Math.max(0, end - STACK_SHOWN), end) }
}
