/** A stand-in for vitest's test APIs: callable, with any modifier (as loosely typed as they are used). */
export type InertApi = ((...args: any[]) => any) & { readonly [key: string]: any }

/**
 * A test API that declares nothing: callable, and every modifier (`.skip`, `.only`, `.each(…)`)
 * is itself. What `test` is in a scenario's child process, where no test runs.
 */
export function inertTestApi(): InertApi {
  const proxy: InertApi = new Proxy((() => proxy) as InertApi, {
    get: () => proxy,
    apply: () => proxy,
  })
  return proxy
}
