// leakwatch is not on the npm registry yet: this makes the tarballs npm would publish, so that
// another project can install them. Builds the workspace, packs every published package into
// one folder and prints the npm install line for them.
// Usage: node tools/pack.mjs [<folder>]   (default: leakwatch-packages/ here; `pnpm pack:all`)
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { packAll, publishedPackages } from './checks/pack/lib/pack.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const dest = resolve(process.argv[2] ?? resolve(root, 'leakwatch-packages'))

try {
  execFileSync('pnpm', ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  const { published } = publishedPackages(root)
  const tarballs = await packAll(root, published, dest)
  console.log(`${tarballs.size} packages in ${dest}. In your project, install the CLI with the packages it needs:`)
  console.log(`  npm install --save-dev ${[...tarballs.values()].map((t) => JSON.stringify(t)).join(' ')}`)
} catch (err) {
  console.error(`pack: ${err.message}`)
  process.exitCode = 1
}
