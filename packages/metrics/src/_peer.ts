import { createRequire } from 'node:module'
import { missingPeer } from './errors.js'

const require = createRequire(import.meta.url)

/**
 * Loads an optional peer dependency when a function needs it, never at import: the package
 * imports cleanly without prom-client or @opentelemetry/api, and only the exporter whose
 * peer is missing throws (`MetricsError` `LEAKWATCH_MISSING_PEER`, "prom-client is not
 * installed: npm install prom-client"). Both peers ship CommonJS, so `require` keeps the
 * exporters synchronous.
 */
export function requirePeer<T>(name: string, load: (id: string) => unknown = require): T {
  try {
    return load(name) as T
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') throw missingPeer(name, err)
    throw err
  }
}
