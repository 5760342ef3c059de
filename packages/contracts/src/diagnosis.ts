/**
 * Where a leak grew: what leakwatch's diagnosis found about a scenario that failed or warned
 * (or any scenario, with `--diagnose`). It is found in a second, instrumented pass of the same
 * scenario, so that the instruments never move the numbers the verdict was decided on.
 */
export interface Diagnosis {
  /** Measured cycles of the instrumented pass. */
  cycles: number
  /** Wall time of the instrumented pass, milliseconds (the instruments and their analysis included). */
  durationMs: number
  /** Time of its measured cycles alone, milliseconds: set against the plain run's, the instruments' cost while the code runs. */
  measureMs: number
  /** Peak RSS of the instrumented pass's process (VmHWM), bytes, where the platform tells. */
  peakRss?: number
  /** The instruments that ran (see {@link DiagnosePart}). */
  parts: DiagnosePart[]
  /** Most likely first: the kinds that match the verdict's deciding layer, then by size. */
  findings: Finding[]
  /** What was not looked at, and why, one line each (a heap too big for the memory budget, jemalloc not installed). */
  notes: string[]
  /** Why the instrumented pass itself failed, one line (its findings so far are kept). */
  error?: string
}

/**
 * The instruments of a diagnosis pass: `sampling` (V8's sampling heap profiler: allocation
 * sites), `snapshot` (two heap snapshots compared: what grew and what holds it, then stacks
 * captured where it grows), `handles` (async_hooks creation stacks), `fds`, `threads`, `maps`
 * (resident memory by mapping: what grows outside malloc), and `native` (jemalloc's heap
 * profiler, only with `--native-profile`).
 */
export type DiagnosePart = 'sampling' | 'snapshot' | 'handles' | 'fds' | 'threads' | 'maps' | 'native'

/**
 * What a finding is about:
 * - `heap-object`: a constructor or collection whose instances (or entries) grew with the cycles, with what holds it;
 * - `heap-site`: code whose live allocations grew (the V8 sampling heap profiler);
 * - `handle`: a libuv resource type that grew (Timeout, TCPSocketWrap, …), with the code that created them;
 * - `fd`: file descriptors that grew, grouped by what they point at;
 * - `thread`: threads that appeared, by name, and the code that started worker threads;
 * - `native`: native stacks whose live bytes grew (jemalloc's profiler), and the module they are in;
 *   or, without a stack, mappings whose resident memory grew (`anonymous mmap`, `[heap]`, a file).
 */
export type FindingKind = 'heap-object' | 'heap-site' | 'handle' | 'fd' | 'thread' | 'native'

/** A place in the code, mapped through source maps to the original source where one exists. */
export interface SourceLocation {
  /** Absolute path (or URL, for code that has no file: `node:internal/…`). */
  file: string
  /** 1-based. */
  line: number
  /** 1-based. */
  column: number
  /** The function, when it has a name. */
  function?: string
}

export interface Finding {
  kind: FindingKind
  /** What grew: a constructor or collection (`FrameRecord`, `Map`), a handle type, an fd target pattern, a thread name, a native symbol. */
  what: string
  /**
   * One line for people, without the site (reporters add it, relative to the project):
   * `Map +600 entries (1.0 per cycle)`.
   */
  summary: string
  /** How many more at the end of the instrumented pass than at its start (instances, entries, handles, fds, threads). */
  count?: number
  /** `count` per measured cycle. */
  perCycle?: number
  /** Bytes more at the end than at the start (live allocations for `heap-site` and `native`). */
  bytes?: number
  /** `bytes` per measured cycle. */
  bytesPerCycle?: number
  /** The statement that allocates or creates it, where known; otherwise the function that does. */
  site?: SourceLocation
  /** The stack at `site`, innermost frame first (a few frames). */
  stack?: SourceLocation[]
  /** One retainer path from a GC root to it, root first (`(module) cache → Map → FrameRecord`). */
  retainers?: string[]
  /** The shared object a native stack's top frames are in (an addon `.node`, `libopencv_videoio.so.406`). */
  module?: string
}
