import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

function newest(dir: string): number {
  return Math.max(...readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs))
}

/**
 * Builds each package folder whose src/ is newer than its dist/index.js, in the order given.
 * Scenarios run in a child process started from the built runner (dist/child.js), which imports
 * the built packages: a stale build would test old code.
 */
export function buildStale(packages: readonly string[]): void {
  const tsup = join(dirname(createRequire(import.meta.url).resolve('tsup/package.json')), 'dist/cli-default.js')
  for (const pkg of packages) {
    const built = join(pkg, 'dist/index.js')
    if (existsSync(built) && statSync(built).mtimeMs >= newest(join(pkg, 'src'))) continue
    execFileSync(process.execPath, [tsup, '--silent'], { cwd: pkg, stdio: 'inherit' })
  }
}
