import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { checkBoundaries } from '../lib/boundaries.mjs'

const script = fileURLToPath(new URL('../check-boundaries.mjs', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

const ARROWS = ['```arrows', 'contracts ->', 'sampler   -> contracts', 'grader    -> contracts', 'leakwatch -> *', '```'].join('\n')

type Files = Record<string, string>

const manifest = (name: string, fields: Record<string, Record<string, string>> = {}) => JSON.stringify({ name, type: 'module', ...fields }, null, 2)
const ws = (...names: string[]) => Object.fromEntries(names.map((n) => [n, 'workspace:^']))

/** A small workspace where every package follows the arrows above. */
function cleanWorkspace(): Files {
  return {
    'pnpm-workspace.yaml': "packages:\n  - packages/*\n  - 'apps/*' # the CLI\n\nonlyBuiltDependencies:\n  - esbuild\n",
    'docs/architecture.md': `# Architecture\n\n${ARROWS}\n`,
    'packages/contracts/package.json': manifest('@leakwatch/contracts'),
    'packages/contracts/src/index.ts': 'export interface Sample { t: number }\n',
    'packages/sampler/package.json': manifest('@leakwatch/sampler', { dependencies: ws('@leakwatch/contracts') }),
    'packages/sampler/src/index.ts': "import type { Sample } from '@leakwatch/contracts'\nexport const first = (s: Sample[]) => s[0]\n",
    'packages/grader/package.json': manifest('@leakwatch/grader', { dependencies: ws('@leakwatch/contracts') }),
    'packages/grader/src/index.ts': [
      "import type { Sample } from '@leakwatch/contracts'",
      "// import { Sampler } from '@leakwatch/sampler' (a comment is not an import)",
      "const note = \"import x from '@leakwatch/sampler'\"",
      'export const grade = (s: Sample[]) => s.length + note.length',
      '',
    ].join('\n'),
    'apps/cli/package.json': manifest('leakwatch', { dependencies: ws('@leakwatch/sampler', '@leakwatch/grader') }),
    'apps/cli/src/index.ts': "export { grade } from '@leakwatch/grader'\nexport * from '@leakwatch/sampler'\n",
  }
}

const roots: string[] = []
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function workspace(files: Files): string {
  const root = mkdtempSync(join(tmpdir(), 'boundaries-'))
  roots.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

/** The violations, in process: most tests need only them. */
const violations = (files: Files) => checkBoundaries(workspace(files)).violations

/** The real command, as CI runs it. */
function check(root: string) {
  const run = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, lines: run.stdout.trim().split('\n') }
}

describe('check-boundaries', () => {
  it('passes a workspace whose imports follow the arrows, with a one-line summary', () => {
    const result = check(workspace(cleanWorkspace()))
    expect(result.stderr).toBe('')
    expect(result.lines).toEqual(['check-boundaries: ok, 4 packages and 4 source files follow the arrows in docs/architecture.md'])
    expect(result.status).toBe(0)
  })

  it('fails an import off the arrows and names the file and line', () => {
    const files = cleanWorkspace()
    files['packages/grader/package.json'] = manifest('@leakwatch/grader', { devDependencies: ws('@leakwatch/contracts', '@leakwatch/sampler') })
    files['packages/grader/src/judge.ts'] = "import type { Sample } from '@leakwatch/contracts'\n\nimport { first } from '@leakwatch/sampler'\nexport const judge = (s: Sample[]) => first(s)\n"
    const result = check(workspace(files))
    expect(result.lines).toEqual([
      'packages/grader/src/judge.ts:3 imports @leakwatch/sampler, which grader may not import (allowed: contracts)',
      'check-boundaries: 1 violation of the arrows in docs/architecture.md',
    ])
    expect(result.status).toBe(1)
  })

  it('fails an `import type` off the arrows too', () => {
    const files = cleanWorkspace()
    files['packages/grader/package.json'] = manifest('@leakwatch/grader', { devDependencies: ws('@leakwatch/contracts', '@leakwatch/sampler') })
    files['packages/grader/src/types.ts'] = "export type {\n  Foo,\n} from './foo.js'\nimport type {\n  Sampler,\n} from '@leakwatch/sampler'\n"
    expect(violations(files)).toEqual(['packages/grader/src/types.ts:6 imports @leakwatch/sampler, which grader may not import (allowed: contracts)'])
  })

  it('counts dynamic import, require and subpaths as imports of the package', () => {
    const files = cleanWorkspace()
    files['packages/contracts/package.json'] = manifest('@leakwatch/contracts', { dependencies: ws('@leakwatch/grader') })
    files['packages/contracts/src/late.js'] = "export const load = () => import('@leakwatch/grader/internal')\nexport const sync = () => require('@leakwatch/grader')\n"
    expect(violations(files)).toEqual([
      'packages/contracts/package.json: dependencies has @leakwatch/grader, which contracts may not import (allowed: none)',
      'packages/contracts/src/late.js:1 imports @leakwatch/grader/internal, which contracts may not import (allowed: none)',
      'packages/contracts/src/late.js:2 imports @leakwatch/grader, which contracts may not import (allowed: none)',
      // contracts -> grader -> contracts
      'pnpm-workspace.yaml: contracts, grader depend on each other in a cycle (devDependencies included)',
    ])
  })

  it('fails a manifest dependency off the arrows even when nothing imports it', () => {
    const files = cleanWorkspace()
    files['packages/grader/package.json'] = manifest('@leakwatch/grader', { dependencies: ws('@leakwatch/contracts'), peerDependencies: ws('@leakwatch/sampler') })
    expect(violations(files)).toEqual(['packages/grader/package.json: peerDependencies has @leakwatch/sampler, which grader may not import (allowed: contracts)'])
  })

  it('fails a package that the arrows block does not place', () => {
    const files = cleanWorkspace()
    files['packages/extra/package.json'] = manifest('@leakwatch/extra')
    expect(violations(files)).toEqual(['packages/extra/package.json: @leakwatch/extra has no line in the arrows block of docs/architecture.md; add `extra -> …` there'])
  })

  it('fails an import of a workspace package that package.json does not declare', () => {
    const files = cleanWorkspace()
    files['packages/sampler/package.json'] = manifest('@leakwatch/sampler')
    expect(violations(files)).toEqual(['packages/sampler/src/index.ts:1 imports @leakwatch/contracts, which packages/sampler/package.json does not declare'])
  })

  it('lets tests import any package they declare, but not an undeclared one', () => {
    const files = cleanWorkspace()
    files['packages/grader/package.json'] = manifest('@leakwatch/grader', { dependencies: ws('@leakwatch/contracts'), devDependencies: ws('@leakwatch/sampler') })
    files['packages/grader/src/grade.test.ts'] = "import { first } from '@leakwatch/sampler'\n"
    files['packages/grader/test/e2e.test.ts'] = "import { grade } from '@leakwatch/grader'\nimport { first } from '@leakwatch/sampler'\n"
    expect(violations(files)).toEqual([])

    files['packages/grader/test/e2e.test.ts'] = "import { run } from 'leakwatch'\n"
    expect(violations(files)).toEqual(['packages/grader/test/e2e.test.ts:1 imports leakwatch, which packages/grader/package.json does not declare'])
  })

  it('fails an arrow to a name the block does not define', () => {
    const files = cleanWorkspace()
    files['docs/architecture.md'] = `${ARROWS.replace('grader    -> contracts', 'grader    -> contract')}\n`
    expect(violations(files)).toContain('docs/architecture.md:4 grader -> contract: contract has no line of its own in the arrows block')
  })

  it('cannot run without an arrows block: exit 2 and one line on stderr', () => {
    const files = cleanWorkspace()
    files['docs/architecture.md'] = '# Architecture\n\nNo arrows yet.\n'
    const result = check(workspace(files))
    expect(result.stderr.trim()).toBe('check-boundaries: docs/architecture.md: no fenced block with the info string `arrows`')
    expect(result.status).toBe(2)
  })

  // Fails while a restructuring is half done; its message lists every violation.
  it('passes on this repository', () => {
    const result = check(repoRoot)
    expect(result.status, result.stdout + result.stderr).toBe(0)
  })
})
