import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative } from 'node:path'

/** Every file `leakwatch init` writes starts with a comment holding this, so a rerun knows its own. */
export const MARK = "written by 'leakwatch init'"

export interface WriteOptions {
  /** Rewrite a file that exists, when it is leakwatch's own (see `isOurs`). */
  force: boolean
  /** Where paths are printed from. */
  cwd: string
  say(line: string): void
}

/** True when `path` is a file an earlier `leakwatch init` wrote (it holds {@link MARK}). */
export function isOurs(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').includes(MARK)
  } catch {
    return false
  }
}

/**
 * Writes a file leakwatch owns and prints its path; one that exists is left alone with a line
 * saying so, unless `force`. Returns whether it wrote.
 */
export function writeOwned(path: string, text: string, { force, cwd, say }: WriteOptions, executable = false): boolean {
  const shown = relative(cwd, path) || path
  if (existsSync(path) && !force) {
    say(`skipped ${shown}: it exists (--force rewrites it)`)
    return false
  }
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text, executable ? { mode: 0o755 } : {})
  if (executable) chmodSync(path, 0o755) // an existing file keeps its mode through writeFileSync
  say(`wrote ${shown}`)
  return true
}
