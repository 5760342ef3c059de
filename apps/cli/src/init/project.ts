import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CONFIG_NAMES } from '../config/load.js'

/** What `leakwatch init` needs to know of the project it writes into. */
export interface Project {
  /** The folder it writes into: the current one. */
  root: string
  /** From the lockfile; undefined without a package.json (nothing to install). */
  packageManager?: 'npm' | 'pnpm' | 'yarn'
  /** The install step of CI, e.g. `npm ci`; undefined without a package.json. */
  install?: string
  /** Cache key of actions/setup-node: only with a lockfile to key it on. */
  cache?: 'npm' | 'pnpm' | 'yarn'
  /** package.json names a `packageManager` (pnpm/action-setup reads its version there). */
  pinsPackageManager: boolean
  /**
   * How CI calls leakwatch: `npx leakwatch` when package.json depends on it (installed by the
   * install step), else `npx --yes leakwatch`, which fetches it without asking.
   */
  leakwatch: string
  /**
   * The project's leakwatch config file in its root, when it has one: CI and the hook then run
   * `leakwatch run` as the config says (its scenarios) instead of the built-in suites.
   */
  config?: string
}

/** Reads the project in `root`: its package.json and lockfiles. */
export function readProject(root: string): Project {
  const has = (file: string) => existsSync(join(root, file))
  let pkg: { packageManager?: unknown; dependencies?: object; devDependencies?: object } | undefined
  try {
    pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  } catch {
    pkg = undefined // none, or not JSON: treated as no project to install
  }
  const dependsOnLeakwatch = pkg !== undefined && ['dependencies', 'devDependencies'].some((k) => Object.hasOwn((pkg as Record<string, object>)[k] ?? {}, 'leakwatch'))
  const project: Project = { root, pinsPackageManager: typeof pkg?.packageManager === 'string', leakwatch: dependsOnLeakwatch ? 'npx leakwatch' : 'npx --yes leakwatch' }
  const config = CONFIG_NAMES.find((name) => has(name))
  if (config) project.config = config
  if (!pkg) return project
  if (has('pnpm-lock.yaml')) return { ...project, packageManager: 'pnpm', install: 'pnpm install --frozen-lockfile', cache: 'pnpm' }
  if (has('yarn.lock')) return { ...project, packageManager: 'yarn', install: 'yarn install --frozen-lockfile', cache: 'yarn' }
  if (has('package-lock.json') || has('npm-shrinkwrap.json')) return { ...project, packageManager: 'npm', install: 'npm ci', cache: 'npm' }
  return { ...project, packageManager: 'npm', install: 'npm install' } // npm ci needs a lockfile
}

/** Where git runs hooks from (honouring core.hooksPath), absolute; undefined outside a git work tree. */
export function gitHooksDir(root: string): string | undefined {
  const r = spawnSync('git', ['rev-parse', '--is-inside-work-tree', '--git-path', 'hooks'], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) return undefined
  const [inside, hooks] = r.stdout.trim().split('\n')
  return inside === 'true' && hooks ? resolve(root, hooks) : undefined
}
