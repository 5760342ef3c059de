import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

let cached: { js: string; css: string } | undefined

/**
 * uPlot's script and style, read from the installed `uplot` package (a runtime dependency),
 * to be inlined: the page loads nothing. Resolved from this module, so it is found from the
 * sources, from the built `dist` and from a package installed out of its tarball alike.
 */
export function uplotAssets(): { js: string; css: string } {
  if (cached) return cached
  const require = createRequire(import.meta.url)
  const read = (file: string) => readFileSync(require.resolve(file), 'utf8')
  // an inlined script must not end its own element early
  cached = { js: read('uplot/dist/uPlot.iife.min.js').replace(/<\/script/gi, '<\\/script'), css: read('uplot/dist/uPlot.min.css').replace(/<\/style/gi, '<\\/style') }
  return cached
}
