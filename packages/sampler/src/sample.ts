/** Where in a scenario's life a sample was taken. */
export type Phase = 'warmup' | 'measure' | 'teardown' | 'after'

/**
 * One measurement of one process, as written on one line of NDJSON.
 *
 * Memory is in bytes, `t` in milliseconds since sampling began. A field the platform
 * cannot measure is absent, never 0, so "not measured" never reads as "none".
 */
export interface Sample {
  /** Milliseconds since sampling began. */
  t: number
  /** Resident set size, bytes. */
  rss: number
  /** V8 heap in use, bytes (known only from inside the process). */
  heapUsed?: number
  /** V8 heap reserved, bytes (inside only). */
  heapTotal?: number
  /** Memory of C++ objects bound to JavaScript objects, bytes (inside only). */
  external?: number
  /** ArrayBuffer and SharedArrayBuffer backing stores, bytes (inside only). */
  arrayBuffers?: number
  /** Bytes malloc has in use, from a native probe (glibc's mallinfo2). */
  nativeHeap?: number
  /** OS threads of the process. */
  threads?: number
  /** Open file descriptors. */
  handles?: number
  /** Live libuv resources: timers, sockets, handles (inside only). */
  resources?: number
  /** CPU time consumed so far, user + system, milliseconds. */
  cpu?: number
  /** The workload cycle this sample belongs to. */
  cycle?: number
  phase?: Phase
}

/**
 * Extra measurements taken inside the sampled process and merged into its samples,
 * for example the native heap from `@leakwatch/native`.
 */
export type Probe = () => Partial<Omit<Sample, 't' | 'rss'>>
