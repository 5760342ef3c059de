import koffi from 'koffi'

type Mallctl = (name: string, oldp: null, oldlenp: null, newp: [string], newlen: number) => number
let mallctl: Mallctl | null | undefined

/**
 * jemalloc's `mallctl`, looked up in the process's global scope (dlopen(NULL), like
 * dlsym(RTLD_DEFAULT)), so it is found only when jemalloc is the process's malloc (preloaded
 * with LD_PRELOAD). Loading libjemalloc.so.2 by name would instead start a second, unused
 * jemalloc that has seen none of this process's allocations.
 */
function jemallocCtl(): Mallctl | null {
  if (mallctl !== undefined) return mallctl
  mallctl = null
  if (process.platform !== 'linux') return mallctl
  try {
    const self = koffi.load(null)
    // newp is a `const char **`: koffi passes a one-string array as a pointer to that string's pointer
    mallctl = self.func('int mallctl(const char *name, void *oldp, void *oldlenp, const char **newp, size_t newlen)') as Mallctl
  } catch {
    // jemalloc is not loaded: the symbol is missing
  }
  return mallctl
}

/**
 * Writes a jemalloc heap profile of this process to `path` (`mallctl("prof.dump")`): the
 * sampled live allocations by stack. True when written; false when jemalloc is not this
 * process's malloc or was not started with `MALLOC_CONF=prof:true` (then it cannot profile).
 *
 * @example
 * // node started with LD_PRELOAD=libjemalloc.so.2 MALLOC_CONF=prof:true
 * jemallocDump('/tmp/profile/baseline.heap')
 */
export function jemallocDump(path: string): boolean {
  const ctl = jemallocCtl()
  if (!ctl) return false
  // 8: the size of the `const char *` that newp points to
  return ctl('prof.dump', null, null, [path], 8) === 0
}
