import { findSourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { SourceLocation } from '@leakwatch/contracts'

/**
 * A place in the code as V8 knows it (a path or URL, 1-based line and column), mapped through
 * the file's source map to the original source where Node has one (the process runs with
 * `--enable-source-maps`, so Node has read the maps of the files it loaded: a built package's
 * `.js.map`). Code without a map stays as it is: TypeScript loaded through jiti keeps its
 * lines. A `file://` URL becomes a path.
 */
export function mapLocation(url: string, line: number, column: number, fn?: string): SourceLocation {
  const file = toPath(url)
  const named = fn ? { function: fn } : {}
  try {
    const map = file.startsWith('/') ? findSourceMap(file) : undefined
    const entry = map?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined
    if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
      return { file: toPath(entry.originalSource), line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, ...named }
    }
  } catch {
    // a map that cannot be read leaves the place as V8 gave it
  }
  return { file, line, column, ...named }
}

function toPath(url: string): string {
  if (!url.startsWith('file://')) return url
  try {
    return fileURLToPath(url)
  } catch {
    return url
  }
}
