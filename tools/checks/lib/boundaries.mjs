import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArrows } from './arrows.mjs'
import { importsOf, packageOf } from './imports.mjs'
import { findPackages } from './workspace.mjs'

export const DOC = 'docs/architecture.md'

/** Manifest fields a user of the package installs: they must follow the arrows. */
const RUNTIME_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies']
const ALL_FIELDS = [...RUNTIME_FIELDS, 'devDependencies']
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/
/** Tests may use any package they declare (see isTest); the arrows govern what ships. */
const TEST_FILE = /\.(?:test|spec)\.[^/]+$|(?:^|\/)__tests__\//

/** The name the arrows block uses: `@leakwatch/grader` → `grader`, `leakwatch` stays. */
export const shortName = (name) => name.replace(/^@leakwatch\//, '')
const isOurs = (name) => name === 'leakwatch' || name.startsWith('@leakwatch/')

/** Source files of a package, relative to root: src/** and its test folders. */
function sourceFiles(root, dir) {
  const files = []
  const walk = (rel) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path)
      } else if (SOURCE.test(entry.name)) files.push(path)
    }
  }
  for (const top of ['src', 'test', 'tests']) if (existsSync(join(root, dir, top))) walk(`${dir}/${top}`)
  return files.sort()
}

/**
 * Tests are exempt from the arrows: a suite's test may grade its leaky twin with the grader
 * without the grader becoming something the suite's users install. They must still declare
 * what they import (devDependencies will do), and the dependency graph with devDependencies
 * must stay acyclic (checked below), so a test cannot pull a package's dependants into its build.
 */
const isTest = (pkgDir, file) => TEST_FILE.test(file) || /^(?:test|tests)\//.test(file.slice(pkgDir.length + 1))

/** Groups of workspace packages that depend on each other in a cycle, through any manifest field. */
function cycles(packages, byName) {
  const edges = new Map()
  for (const p of packages) {
    const deps = ALL_FIELDS.flatMap((field) => Object.keys(p.manifest[field] ?? {}))
    edges.set(p.name, deps.filter((d) => byName.has(d) && d !== p.name))
  }
  // Tarjan's strongly connected components: every component of two or more is a cycle.
  const index = new Map()
  const low = new Map()
  const stack = []
  const found = []
  const connect = (v) => {
    index.set(v, index.size)
    low.set(v, index.get(v))
    stack.push(v)
    for (const w of edges.get(v)) {
      if (!index.has(w)) connect(w)
      if (stack.includes(w)) low.set(v, Math.min(low.get(v), low.get(w)))
    }
    if (low.get(v) !== index.get(v)) return
    const component = stack.splice(stack.indexOf(v))
    if (component.length > 1) found.push(component.map(shortName).sort())
  }
  for (const p of packages) if (!index.has(p.name)) connect(p.name)
  return found
}

/**
 * Checks the workspace at root against the arrows of its docs/architecture.md.
 * @returns {{ violations: string[], packages: number, files: number }}
 * @throws {import('./arrows.mjs').ArrowsError} when the doc has no usable arrows block
 */
export function checkBoundaries(root) {
  const { arrows, problems } = parseArrows(readFileSync(join(root, DOC), 'utf8'), DOC)
  const packages = findPackages(root)
  const byName = new Map(packages.map((p) => [p.name, p]))
  const violations = [...problems]
  let fileCount = 0

  for (const pkg of packages) {
    const short = shortName(pkg.name)
    const rule = arrows.get(short)
    const allowed = rule && (rule.allowed.size ? [...rule.allowed].join(', ') : 'none')
    const mayImport = (name) => rule.any || rule.allowed.has(shortName(name))
    const declared = new Set(ALL_FIELDS.flatMap((f) => Object.keys(pkg.manifest[f] ?? {})))

    if (!rule) violations.push(`${pkg.dir}/package.json: ${pkg.name} has no line in the arrows block of ${DOC}; add \`${short} -> …\` there`)
    else {
      for (const field of RUNTIME_FIELDS) {
        for (const dep of Object.keys(pkg.manifest[field] ?? {})) {
          if (byName.has(dep) && dep !== pkg.name && !mayImport(dep)) {
            violations.push(`${pkg.dir}/package.json: ${field} has ${dep}, which ${short} may not import (allowed: ${allowed})`)
          }
        }
      }
    }

    for (const file of sourceFiles(root, pkg.dir)) {
      fileCount++
      const test = isTest(pkg.dir, file)
      for (const { specifier, line } of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
        const name = packageOf(specifier)
        if (!name || name === pkg.name) continue
        const where = `${file}:${line} imports ${specifier}`
        if (!byName.has(name)) {
          if (isOurs(name)) violations.push(`${where}, which is not a workspace package`)
          continue
        }
        if (rule && !test && !mayImport(name)) violations.push(`${where}, which ${short} may not import (allowed: ${allowed})`)
        if (!declared.has(name)) violations.push(`${where}, which ${pkg.dir}/package.json does not declare`)
      }
    }
  }

  for (const members of cycles(packages, byName)) {
    violations.push(`pnpm-workspace.yaml: ${members.join(', ')} depend on each other in a cycle (devDependencies included)`)
  }
  return { violations, packages: packages.length, files: fileCount }
}
