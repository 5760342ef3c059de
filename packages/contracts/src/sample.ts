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
  /**
   * Other live processes in the scenario's process group, at checkpoints: what the scenario
   * started (children, grandchildren) and has not ended yet (known only from inside).
   */
  processes?: number
  /** Live libuv resources: timers, sockets, handles (inside only). */
  resources?: number
  /**
   * The live libuv resources by type, as `process.getActiveResourcesInfo()` names them
   * (`{ Timeout: 600, TCPSocketWrap: 12 }`), so a leak can say what grew (inside only).
   */
  resourceTypes?: Record<string, number>
  /** The open fds by kind (Linux, from /proc/<pid>/fd); see {@link FdKinds}. */
  fdKinds?: FdKinds
  /**
   * Worker threads that could not be asked to collect their garbage before this checkpoint
   * (blocked in `Atomics.wait`, as piscina's idle workers are). Absent when every worker was.
   */
  blockedWorkers?: number
  /** CPU time consumed so far, user + system, milliseconds. */
  cpu?: number
  /** The workload cycle this sample belongs to. */
  cycle?: number
  phase?: Phase
}

/**
 * Open file descriptors by what they point at, from the links in /proc/<pid>/fd.
 * They add up to `handles`, or to less when an fd closed while it was being read.
 * (A type, not an interface, so that it fits a plain `Record<string, number>`.)
 */
export type FdKinds = {
  /** Opened by path: regular files, folders, and devices (/dev/null, a tty, a camera's /dev/video0). */
  file: number
  /** TCP, UDP and Unix sockets (`socket:[…]`). */
  socket: number
  /** Pipes and FIFOs (`pipe:[…]`), a child process's stdio among them. */
  pipe: number
  /** Everything else: anon_inode objects (epoll, eventfd, timerfd, inotify), which event loops hold. */
  other: number
}
