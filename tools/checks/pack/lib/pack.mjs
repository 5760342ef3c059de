import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { findPackages } from '../../lib/workspace.mjs'
import { exec, firstErrorLine, userEnv } from './exec.mjs'
import { checkPackedManifest } from './manifest-checks.mjs'
import { readTarball } from './tarball.mjs'
import { Fatal } from './tally.mjs'

/** Where published packages live; everything else in the workspace must be private. */
const PUBLISHED_DIRS = /^(packages|apps)\//

/**
 * The workspace's published packages and the names of its private ones. A public package
 * outside packages/ and apps/ is fatal: it would be published by accident.
 */
export function publishedPackages(root) {
  const all = findPackages(root)
  const published = all.filter((p) => !p.manifest.private)
  const stray = published.filter((p) => !PUBLISHED_DIRS.test(p.dir))
  if (stray.length) throw new Fatal(`not private, but outside packages/ and apps/: ${stray.map((p) => p.dir).join(', ')}`)
  const privateNames = new Set(all.filter((p) => p.manifest.private).map((p) => p.name))
  return { published, privateNames }
}

/** `pnpm pack`s each package into `dest`, a few at a time. @returns tarball paths, by package name */
export async function packAll(root, packages, dest) {
  mkdirSync(dest, { recursive: true })
  const tarballs = new Map()
  const queue = [...packages]
  const worker = async () => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
      const run = await exec('pnpm', ['pack', '--json', '--pack-destination', dest], { cwd: join(root, pkg.dir), timeoutMs: 120_000 })
      if (run.code !== 0) throw new Fatal(`pnpm pack of ${pkg.name} failed: ${firstErrorLine(run, 120_000)}`)
      tarballs.set(pkg.name, JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))).filename)
    }
  }
  await Promise.all([worker(), worker(), worker()])
  return tarballs
}

/** `exports` as it must be published: the workspace's, less the source condition. */
function withoutSourceCondition(exports) {
  if (typeof exports !== 'object' || exports === null) return exports
  return Object.fromEntries(Object.entries(exports)
    .filter(([key]) => key !== '@leakwatch/source')
    .map(([key, value]) => [key, withoutSourceCondition(value)]))
}

/**
 * Checks every tarball's manifest and files, and that npm would publish its package.json as
 * it is (no "auto-corrected" fields, such as a bin it drops). @returns nothing; reports to tally
 */
export async function checkTarballs({ tally, packages, tarballs, privateNames, unpackDir, workspaceRoot }) {
  const versions = new Map(packages.map((p) => [p.name, p.manifest.version]))
  const publishRuns = []
  for (const pkg of packages) {
    const tgz = tarballs.get(pkg.name)
    const tarball = readTarball(tgz)
    const { problems, notes } = checkPackedManifest({ ...tarball, dir: pkg.dir, versions, privateNames })
    const wanted = JSON.stringify(withoutSourceCondition(pkg.manifest.exports))
    if (JSON.stringify(tarball.manifest.exports) !== wanted) {
      problems.push(`published exports ${JSON.stringify(tarball.manifest.exports)} differ from the workspace's less the source condition (${wanted}): update publishConfig.exports`)
    }
    for (const problem of problems) tally.fail(`tarball ${pkg.name}`, problem)
    if (!problems.length) tally.pass(`tarball ${pkg.name}`, `${tarball.files.length} files${notes.length ? ` (${notes.join(', ')})` : ''}`)

    const dir = join(unpackDir, pkg.name.replace('/', '+'))
    mkdirSync(dir, { recursive: true })
    publishRuns.push(exec('tar', ['-xzf', tgz, '-C', dir]).then(() =>
      exec('npm', ['publish', '--dry-run', '--ignore-scripts'], { cwd: join(dir, 'package'), env: userEnv(workspaceRoot), timeoutMs: 60_000 }))
      .then((run) => [pkg.name, run]))
  }
  for (const [name, run] of await Promise.all(publishRuns)) {
    const corrected = run.stderr.split('\n').filter((l) => /auto-corrected|was invalid|errors corrected|npm warn publish\s+"/.test(l))
    if (run.code !== 0) tally.fail(`npm publish --dry-run ${name}`, firstErrorLine(run, 60_000))
    else if (corrected.length) tally.fail(`npm publish --dry-run ${name}`, corrected.map((l) => l.replace(/^npm warn publish\s*/, '')).join('; '))
    else tally.pass(`npm publish --dry-run ${name}`, 'nothing auto-corrected')
  }
}
