type AnyFunction = (...args: unknown[]) => unknown

/**
 * A test API that declares nothing: callable, and every modifier (`.skip`, `.only`, `.each(…)`)
 * is itself. What `test` is in a scenario's child process, where no test runs.
 */
export function inertTestApi(): AnyFunction {
  const proxy: AnyFunction = new Proxy(() => proxy, {
    get: () => proxy,
    apply: () => proxy,
  })
  return proxy
}
