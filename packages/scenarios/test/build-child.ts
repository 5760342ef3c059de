import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Scenarios run in a child process started from the built package (dist/child.js), which
// imports the built sampler and native packages. A stale build would test old code: rebuild
// what src/ outdates.
const packages = ['../../sampler', '../../native', '..'].map((p) => fileURLToPath(new URL(p, import.meta.url)))

function newest(dir: string): number {
  return Math.max(...readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs))
}

export default function buildChild(): void {
  const tsup = join(dirname(createRequire(import.meta.url).resolve('tsup/package.json')), 'dist/cli-default.js')
  for (const pkg of packages) {
    const built = join(pkg, 'dist/index.js')
    if (existsSync(built) && statSync(built).mtimeMs >= newest(join(pkg, 'src'))) continue
    execFileSync(process.execPath, [tsup, '--silent'], { cwd: pkg, stdio: 'inherit' })
  }
}
