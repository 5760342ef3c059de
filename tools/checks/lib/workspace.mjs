import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Turns a workspace glob (`packages/*`, `tools/**`, `corpus`) into a RegExp over posix paths. */
function globToRegExp(glob) {
  const segments = glob.replace(/^\.\//, '').replace(/\/+$/, '').split('/')
  const last = segments.length - 1
  const body = segments
    .map((seg, i) => {
      if (seg === '**') return i === last ? '.*' : '(?:[^/]+/)*'
      const literal = seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')
      return i === last ? literal : `${literal}/`
    })
    .join('')
  return new RegExp(`^${body}$`)
}

/**
 * The `packages:` globs of pnpm-workspace.yaml. The file is simple enough to read by hand:
 * a top-level `packages:` key followed by `- item` lines.
 */
export function readWorkspaceGlobs(root) {
  const file = join(root, 'pnpm-workspace.yaml')
  const globs = []
  let inPackages = false
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '')
    if (!line.trim()) continue
    if (/^\S/.test(line)) {
      inPackages = /^packages\s*:\s*$/.test(line)
      continue
    }
    const item = inPackages && /^\s+-\s+(.+?)\s*$/.exec(line)
    if (item) globs.push(item[1].replace(/^(['"])(.*)\1$/, '$2'))
  }
  return globs
}

/** Every folder under root (posix, relative), except node_modules and dot folders. */
function* folders(root, rel = '') {
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const path = rel ? `${rel}/${entry.name}` : entry.name
    yield path
    yield* folders(root, path)
  }
}

/**
 * The workspace's packages: folders matched by the globs (a `!glob` excludes) that hold a
 * package.json with a name. The root package is not one of them.
 * @returns {{ dir: string, name: string, manifest: any }[]} sorted by dir
 */
export function findPackages(root) {
  const globs = readWorkspaceGlobs(root)
  const include = globs.filter((g) => !g.startsWith('!')).map(globToRegExp)
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => globToRegExp(g.slice(1)))
  const packages = []
  for (const dir of folders(root)) {
    if (!include.some((re) => re.test(dir)) || exclude.some((re) => re.test(dir))) continue
    const manifestPath = join(root, dir, 'package.json')
    if (!existsSync(manifestPath)) continue
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    if (typeof manifest.name === 'string') packages.push({ dir, name: manifest.name, manifest })
  }
  return packages.sort((a, b) => a.dir.localeCompare(b.dir))
}
