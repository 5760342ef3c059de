import { basename } from 'node:path'
import type { Finding } from '@leakwatch/contracts'
import { callerFrames, isAddon, isInstrumentFrame } from './allocator-frames.js'
import { bytesText, frameLocation, frameName, moduleName } from './frame-names.js'
import { estimatedBytes, type HeapProfile, readHeapProfile } from './heap-profile.js'
import { type NativeFrame, symbolize, type SymbolizeTools } from './symbolize.js'

export interface NativeGrowthOptions extends SymbolizeTools {
  /**
   * Growth below this is not reported, bytes. Default 1 MiB: at the default sampling interval
   * (128 KiB) one more or one fewer sampled small object moves a stack by 128 KiB, so a clean
   * run shows a few stacks up and down by that much.
   */
  minBytes?: number
  /** At most this many findings, largest first. Default 10. */
  top?: number
  /** Frames kept in each finding's stack. Default 8. */
  frames?: number
}

interface Group {
  what: string
  module: string
  bytes: number
  /** The stack that grew most in the group, from its first frame that is not the allocator. */
  frames: NativeFrame[]
  heaviest: number
}

/** The stacks that grew most are symbolised; the long tail of small ones costs time, not answers. */
const MAX_STACKS = 300

/**
 * The native allocations that grew between two jemalloc heap profiles of one process (see
 * `jemallocDump` in @leakwatch/native): the baseline after warm-up and the end of the measured
 * cycles. Stacks are grouped by the function that asked for the memory (the first frame that is
 * not jemalloc, libc, `operator new` or a malloc wrapper such as `av_malloc`) and the object it
 * is in; bytes are jemalloc's sampling estimates. What leakwatch's own instruments allocate (V8's
 * sampling heap profiler, the inspector) is left out. Frames in the `node` executable come after an
 * addon's or a library's when they are within a factor of two, since what Node allocates grows
 * on behalf of its caller more often than on its own.
 *
 * @example
 * const findings = await nativeGrowth(join(dir, 'baseline'), join(dir, 'end'), 600)
 * // [{ kind: 'native', what: 'cv::VideoWriter::open', module: 'libopencv_videoio.so.4.6.0',
 * //    summary: '+275.5 MiB native in cv::VideoWriter::open (libopencv_videoio.so.4.6.0) via VideoWriter::New (opencv4nodejs.node), 459 KiB per cycle', … }]
 */
export async function nativeGrowth(before: string, after: string, cycles: number, options: NativeGrowthOptions = {}): Promise<Finding[]> {
  const [start, end] = await Promise.all([readHeapProfile(before), readHeapProfile(after)])
  return growthBetween(start, end, cycles, options)
}

/** `nativeGrowth` on parsed profiles. */
export async function growthBetween(start: HeapProfile, end: HeapProfile, cycles: number, options: NativeGrowthOptions = {}): Promise<Finding[]> {
  const { minBytes = 2 ** 20, top = 10, frames: keep = 8 } = options
  const grown = stackGrowth(start, end).slice(0, MAX_STACKS)
  const symbols = await symbolize(grown.flatMap((g) => g.addresses), end.maps, options)

  const groups = new Map<string, Group>()
  for (const { addresses, bytes } of grown) {
    const all = addresses.map((a) => symbols.get(a) as NativeFrame)
    if (all.some(isInstrumentFrame)) continue
    const frames = callerFrames(all)
    const first = frames[0]
    if (!first) continue
    // the function that asked: the first named caller, or the first frame when none has a name
    const named = frames.find((f) => f.function) ?? first
    const what = frameName(named)
    const module = moduleName(first)
    const key = `${module}\u0000${what}`
    const group = groups.get(key) ?? { what, module, bytes: 0, frames, heaviest: 0 }
    group.bytes += bytes
    if (bytes > group.heaviest) Object.assign(group, { frames, heaviest: bytes })
    groups.set(key, group)
  }

  const rank = (g: Group) => (isNodeExecutable(g.frames[0]) ? g.bytes / 2 : g.bytes)
  return [...groups.values()]
    .filter((g) => g.bytes >= minBytes)
    .sort((a, b) => rank(b) - rank(a))
    .slice(0, top)
    .map((g) => finding(g, cycles, keep))
}

/** Stacks whose estimated live bytes rose from `start` to `end`, largest rise first. */
export function stackGrowth(start: HeapProfile, end: HeapProfile): { addresses: number[]; bytes: number }[] {
  const key = (addresses: number[]) => addresses.join(' ')
  const before = new Map<string, number>()
  for (const s of start.stacks) before.set(key(s.addresses), estimatedBytes(s, start.samplePeriod))
  return end.stacks
    .map((s) => ({ addresses: s.addresses, bytes: estimatedBytes(s, end.samplePeriod) - (before.get(key(s.addresses)) ?? 0) }))
    .filter((s) => s.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
}

function finding(g: Group, cycles: number, keep: number): Finding {
  const perCycle = cycles > 0 ? g.bytes / cycles : 0
  // the addon the user's JavaScript called into, when the memory was asked for further down
  const addon = isAddon(g.frames[0] as NativeFrame) ? undefined : g.frames.find(isAddon)
  const via = !addon ? '' : addon.function ? ` via ${frameName(addon)} (${moduleName(addon)})` : ` via ${moduleName(addon)}`
  const stack = g.frames.slice(0, keep).map(frameLocation)
  return {
    kind: 'native',
    what: g.what,
    summary: `+${bytesText(g.bytes)} native in ${g.what} (${g.module})${via}, ${bytesText(perCycle)} per cycle`,
    bytes: Math.round(g.bytes),
    bytesPerCycle: Math.round(perCycle),
    module: g.module,
    ...(stack[0] ? { site: stack[0] } : {}),
    stack,
  }
}

function isNodeExecutable(frame: NativeFrame | undefined): boolean {
  return frame !== undefined && (frame.library === process.execPath || basename(frame.library) === 'node')
}
