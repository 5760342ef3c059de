import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'

// What the config tests share: temporary projects holding config files, and the built bin
// run in them.
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const fixtures = fileURLToPath(new URL('./fixtures/config/', import.meta.url))
/** A project inside apps/cli, where `import … from 'leakwatch'` resolves (the package refers to itself). */
export const inRepo = fileURLToPath(new URL('./.config-test-project/', import.meta.url))
export const RUN_MS = 120_000

/**
 * For one test file: checks the bin is built, and returns `project(files, root?)`, which makes a
 * project folder holding `files` (path → text; a value starting with 'fixture:' copies that
 * fixture), removed after the file's tests.
 */
export function configProjects(): (files: Record<string, string>, root?: string) => string {
  const made: string[] = []
  beforeAll(() => {
    if (!existsSync(dist)) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before `test`)')
  })
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true })
  })
  return (files, root) => {
    const dir = root ?? mkdtempSync(join(tmpdir(), 'leakwatch-config-test-'))
    made.push(dir)
    for (const [path, text] of Object.entries(files)) {
      const file = join(dir, path)
      mkdirSync(dirname(file), { recursive: true })
      if (text.startsWith('fixture:')) copyFileSync(join(fixtures, text.slice('fixture:'.length)), file)
      else writeFileSync(file, text)
    }
    return dir
  }
}

/** The built bin in `cwd`, with none of the machine's CI, GITHUB_* or colour settings. */
export function leakwatch(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && k !== 'CI' && k !== 'FORCE_COLOR'))
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: RUN_MS, cwd, env: { ...base, NO_COLOR: '1', ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

export const results = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { scale: number; scenarios: Array<{ name: string; status: string; plan: { cycles?: number }; verdict?: { reasons: string[] } }> }
export const json = (stdout: string) => JSON.parse(stdout) as Record<string, { value: unknown; source: string }> & { file: string | null; ci: boolean; policy: Array<{ path: string; value: unknown; source: string }> }
