import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let exposed: (() => void) | undefined

/**
 * Runs a full, synchronous garbage collection, with or without `--expose-gc`.
 *
 * Without the flag it turns it on at run time and takes `gc` from a fresh context,
 * which V8 gives the function once the flag is set.
 *
 * @example
 * forceGC()
 * const { heapUsed } = process.memoryUsage()
 */
export function forceGC(): void {
  const gc = (globalThis as { gc?: () => void }).gc ?? exposeGc()
  gc()
}

function exposeGc(): () => void {
  if (!exposed) {
    setFlagsFromString('--expose-gc')
    exposed = runInNewContext('gc') as () => void
  }
  return exposed
}
