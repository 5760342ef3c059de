// What a packed package must look like to install and run from the registry. Pure: it reads
// the tarball's package.json and file list, so every rule is testable on a made-up tarball.

const RUNTIME_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies']
const ALL_FIELDS = [...RUNTIME_FIELDS, 'devDependencies']
/** Ranges only a workspace or a local checkout understands. */
const LOCAL_PROTOCOL = /^(workspace|file|link|portal|catalog):/
/** What never runs in a user's install: sources, tests, benchmarks, build configs. */
const NOT_SHIPPED = [
  /^(src|test|tests|__tests__|bench|coverage|\.turbo)\//,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  /(^|\/)tsconfig(\.\w+)?\.json$/,
  /(^|\/)(tsup|vitest|vite)\.config\.[cm]?[jt]s$/,
  /(^|\/)binding\.gyp$/,
]
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall']
const SOURCE_CONDITION = '@leakwatch/source'

/** The file a target of `exports` or `bin` names, as it appears in the tarball's list. */
const packagePath = (target) => target.replace(/^\.\//, '')

/** Every [conditions, target] leaf of one `exports` entry. */
function* exportTargets(entry, conditions = []) {
  if (typeof entry === 'string') yield [conditions, entry]
  else if (entry && typeof entry === 'object') {
    for (const [condition, sub] of Object.entries(entry)) yield* exportTargets(sub, [...conditions, condition])
  }
}

/** Does `range` accept `version`? Only the shapes our ranges take: exact, ^ and ~. */
function accepts(range, version) {
  return range === version || range === `^${version}` || range === `~${version}`
}

/**
 * Problems with one packed package, one line each (empty when it is fine), and notes that do
 * not fail it.
 * @param {object} packed
 * @param {any} packed.manifest the tarball's package.json
 * @param {string[]} packed.files the tarball's files, without `package/`
 * @param {(path: string) => string} packed.read a file of the tarball
 * @param {string} packed.dir the package's folder in the workspace, e.g. `packages/sampler`
 * @param {Map<string, string>} packed.versions name → version of every package packed with it
 * @param {Set<string>} packed.privateNames the workspace's private packages
 * @returns {{ problems: string[], notes: string[] }}
 */
export function checkPackedManifest({ manifest, files, read, dir, versions, privateNames }) {
  const problems = []
  const notes = []
  const has = new Set(files)
  const shipped = (path) => has.has(packagePath(path))

  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(manifest.version ?? '')) problems.push(`version "${manifest.version}" is not a concrete version`)
  if (manifest.type !== 'module') problems.push('"type" is not "module"')
  if (manifest.private) problems.push('is private')

  for (const field of ALL_FIELDS) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (!RUNTIME_FIELDS.includes(field)) {
        if (LOCAL_PROTOCOL.test(range)) problems.push(`${field}: ${dep} has the local range "${range}"`)
        continue
      }
      const version = versions.get(dep)
      if (privateNames.has(dep)) problems.push(`${field}: ${dep} is a private package`)
      else if (LOCAL_PROTOCOL.test(range)) problems.push(`${field}: ${dep} has the local range "${range}"`)
      else if (version && !accepts(range, version)) problems.push(`${field}: ${dep}@${range} does not accept the packed ${version}`)
    }
  }

  if (!manifest.exports || typeof manifest.exports !== 'object') problems.push('no "exports" map')
  for (const [entry, value] of Object.entries(manifest.exports ?? {})) {
    let typed = false
    for (const [conditions, target] of exportTargets(value)) {
      const where = `exports["${entry}"]${conditions.map((c) => `.${c}`).join('')}`
      if (conditions.includes(SOURCE_CONDITION)) problems.push(`${where}: the workspace's source condition is published`)
      else if (/^\.\/src\//.test(target) || (/\.[cm]?ts$/.test(target) && !/\.d\.[cm]?ts$/.test(target))) {
        problems.push(`${where}: points at source (${target})`)
      } else if (!shipped(target)) problems.push(`${where}: ${target} is not in the tarball`)
      if (conditions.at(-1) === 'types' && /\.d\.[cm]?ts$/.test(target)) typed = true
    }
    if (!typed) problems.push(`exports["${entry}"] has no types`)
  }

  if (manifest.bin !== undefined) {
    const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : manifest.bin
    for (const [command, target] of Object.entries(bins)) {
      const where = `bin.${command}`
      if (typeof target !== 'string' || /^(\.\/|\/)|(^|\/)\.\.(\/|$)/.test(target)) {
        problems.push(`${where}: "${target}" is not a plain relative path (npm drops "./x" on publish)`)
      } else if (!shipped(target)) problems.push(`${where}: ${target} is not in the tarball`)
      else if (!read(packagePath(target)).startsWith('#!/usr/bin/env node')) problems.push(`${where}: ${target} has no "#!/usr/bin/env node" line`)
    }
  }

  if (!has.has('LICENSE')) problems.push('no LICENSE in the tarball')
  if (manifest.license !== 'MIT') problems.push(`license is "${manifest.license}", not "MIT"`)
  if (!Array.isArray(manifest.files)) problems.push('no "files" list')
  for (const file of files) {
    if (NOT_SHIPPED.some((re) => re.test(file))) problems.push(`ships ${file}, which does not run`)
  }
  for (const script of INSTALL_SCRIPTS) {
    if (manifest.scripts?.[script]) problems.push(`has an ${script} script`)
  }

  const repo = manifest.repository
  if (repo?.type !== 'git' || !/^git\+https:\/\/.+\.git$/.test(repo?.url ?? '')) {
    problems.push('"repository" is not { type: "git", url: "git+https://….git" }')
  } else if (repo.directory !== dir) problems.push(`repository.directory is "${repo.directory}", not "${dir}"`)
  if (manifest.publishConfig?.access !== 'public') problems.push('publishConfig.access is not "public"')
  if (!manifest.engines?.node) problems.push('no engines.node')
  if (!has.has('README.md')) notes.push('no README.md')

  return { problems, notes }
}
