// async_hooks and process.getActiveResourcesInfo() name the same resources differently
// (`TCPWRAP` and `TCPSocketWrap`). The verdict's samples use the second, so findings do too,
// and a tracker accepts either.

/** async_hooks type → the name `process.getActiveResourcesInfo()` gives it (Node 20, by experiment). */
const ACTIVE_NAMES: Readonly<Record<string, string>> = {
  TCPWRAP: 'TCPSocketWrap',
  TCPSERVERWRAP: 'TCPServerWrap',
  TCPCONNECTWRAP: 'ConnectWrap',
  PIPEWRAP: 'PipeWrap',
  PIPESERVERWRAP: 'PipeWrap',
  PIPECONNECTWRAP: 'ConnectWrap',
  UDPWRAP: 'UDPWrap',
  TTYWRAP: 'TTYWrap',
  PROCESSWRAP: 'ProcessWrap',
  SIGNALWRAP: 'SignalWrap',
  FSEVENTWRAP: 'FSEventWrap',
  STATWATCHER: 'StatWatcher',
  MESSAGEPORT: 'MessagePort',
  FILEHANDLE: 'FileHandle',
  FSREQCALLBACK: 'FSReqCallback',
  FSREQPROMISE: 'FSReqPromise',
  WRITEWRAP: 'WriteWrap',
  GETADDRINFOREQWRAP: 'GetAddrInfoReqWrap',
  GETNAMEINFOREQWRAP: 'GetNameInfoReqWrap',
  WORKER: 'Worker',
  ZLIB: 'Zlib',
}

/** The name a finding gives an async_hooks type: `TCPWRAP` → `TCPSocketWrap`; `Timeout` stays. */
export function resourceName(asyncType: string): string {
  return ACTIVE_NAMES[asyncType] ?? asyncType
}

/**
 * The types `'all'` leaves out, because they come and go by the thousand and a stack for each
 * would cost more than the run: promises (and enabling their hook at all slows promise-heavy
 * code), `process.nextTick` and `queueMicrotask` callbacks, immediates (each one runs on the
 * next turn of the loop and is gone; one that re-arms itself is a new one each time), and
 * requests, one per operation (a read, a write, a connect, a DNS lookup, a crypto job),
 * which end when the operation does. A leak keeps a handle (the socket, the timer, the
 * watcher), which `'all'` keeps. Ask for a left-out type by name to track it anyway.
 */
const TRANSIENT = new Set(['PROMISE', 'TickObject', 'Microtask', 'Immediate', 'WRITEWRAP', 'SHUTDOWNWRAP', 'QUERYWRAP', 'SENDWRAP'])
const REQUEST = /(REQ|REQUEST|REQWRAP|REQCALLBACK|REQPROMISE|CONNECTWRAP|JOB)$/

/** Whether `'all'` tracks an async_hooks type. */
export function trackedByDefault(asyncType: string): boolean {
  return !TRANSIENT.has(asyncType) && !REQUEST.test(asyncType)
}

/** Whether a set of names (either naming) holds an async_hooks type. */
export function namedIn(types: ReadonlySet<string>, asyncType: string): boolean {
  return types.has(asyncType) || types.has(resourceName(asyncType))
}

/**
 * How many live resources of each type `process.getActiveResourcesInfo()` counts now: the
 * handles and requests that keep the loop alive (not unref'd ones, not FileHandles). Take it
 * at both ends of a span and subtract to get `liveTypes` for `HandleTracker.growth`.
 */
export function activeResourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1
  return counts
}
