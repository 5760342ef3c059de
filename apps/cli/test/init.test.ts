import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

// `leakwatch init`, end to end through the built bin, each case in a folder of its own; and
// the hook it installs, in a real git repository, stopping a commit that stages a leak.
const bin = fileURLToPath(new URL('../bin/leakwatch.js', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const fixtures = fileURLToPath(new URL('./fixtures/init/', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-init-test-'))
const RUN_MS = 120_000
// no global or system git config (a core.hooksPath there would take the hook out of the repo)
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('GIT_') && k !== 'FORCE_COLOR')),
  NO_COLOR: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
}
let folders = 0

function project(files: Record<string, string> = {}, git = false): string {
  const root = join(dir, `p${++folders}`)
  mkdirSync(root)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  if (git) for (const args of [['init', '-q'], ['config', 'user.name', 'Test'], ['config', 'user.email', 'test@example.com']]) sh(root, 'git', args)
  return root
}
function sh(cwd: string, command: string, args: string[]) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: RUN_MS })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}${r.stderr}` }
}
const leakwatch = (cwd: string, args: string[]) => sh(cwd, process.execPath, [bin, ...args])
const read = (root: string, file: string) => readFileSync(join(root, file), 'utf8')
type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
type Job = { if?: string; needs?: string; steps: Step[]; strategy?: { matrix: { shard: number[] } } }
const workflow = (root: string) => parse(read(root, '.github/workflows/leakwatch.yml')) as { on: Record<string, unknown>; jobs: Record<string, Job> }

beforeAll(() => {
  if (!existsSync(dist)) throw new Error('apps/cli is not built: run `pnpm build` (turbo builds it before `test`)')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('leakwatch init: the GitHub workflow', () => {
  it('writes valid YAML: the quick suite on pull requests and pushes, the rest nightly in 4 shards, merged', () => {
    const root = project()
    const r = leakwatch(root, ['init'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('wrote .github/workflows/leakwatch.yml\nskipped the pre-commit hook: not a git repository (leakwatch init --hook installs it once it is)\n')
    const { on, jobs } = workflow(root)
    expect(Object.keys(on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch'])
    expect(on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }])
    expect(Object.keys(jobs)).toEqual(['quick', 'nightly', 'merge'])
    const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []))
    expect(runs(jobs.quick as Job)).toEqual(['npx --yes leakwatch run --suite quick --reporter console,junit,markdown,html'])
    expect(jobs.nightly?.if).toContain("github.ref == 'refs/heads/main'")
    expect(jobs.nightly?.strategy?.matrix.shard).toEqual([1, 2, 3, 4])
    expect(runs(jobs.nightly as Job)).toEqual([
      'npx --yes leakwatch run --suite stress --shard ${{ matrix.shard }}/4 --out leakwatch-results/stress --reporter console,junit,markdown,html',
      'npx --yes leakwatch run --suite video --shard ${{ matrix.shard }}/4 --out leakwatch-results/video --reporter console,junit,markdown,html',
    ])
    expect(jobs.merge?.needs).toBe('nightly')
    expect(runs(jobs.merge as Job)).toEqual(['npx --yes leakwatch report --merge shard-*/*/leakwatch-results.json --reporter console,junit,markdown,html,json'])
    for (const [name, job] of Object.entries(jobs)) {
      expect(job.steps[0]?.uses, name).toBe('actions/checkout@v4')
      expect(job.steps.find((s) => s.uses === 'actions/setup-node@v4')?.with, name).toEqual({ 'node-version': 20 })
      const upload = job.steps.filter((s) => s.uses === 'actions/upload-artifact@v4')
      expect(upload, name).toEqual([{ uses: 'actions/upload-artifact@v4', if: 'always()', with: expect.objectContaining({ path: 'leakwatch-results/' }) }])
    }
    expect(jobs.nightly?.steps.at(-1)?.with?.name).toBe('shard-${{ matrix.shard }}')
    expect(read(root, '.github/workflows/leakwatch.yml')).toMatch(/job summary/)
  })

  it.each([
    [{ 'pnpm-lock.yaml': '' }, 'pnpm install --frozen-lockfile', 'pnpm'],
    [{ 'yarn.lock': '' }, 'yarn install --frozen-lockfile', 'yarn'],
    [{ 'package-lock.json': '{}' }, 'npm ci', 'npm'],
    [{}, 'npm install', undefined],
  ])('installs with the package manager of the lockfile: %j', (lockfiles, install, cache) => {
    const root = project({ 'package.json': '{"devDependencies": {"leakwatch": "^0.1.0"}}', ...lockfiles })
    expect(leakwatch(root, ['init', '--github']).code).toBe(0)
    const steps = workflow(root).jobs.quick?.steps ?? []
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual([install, 'npx leakwatch run --suite quick --reporter console,junit,markdown,html'])
    expect(steps.find((s) => s.uses === 'actions/setup-node@v4')?.with?.cache).toBe(cache)
    expect(steps.some((s) => s.uses === 'pnpm/action-setup@v4')).toBe(cache === 'pnpm')
  })

  it('writes nothing the second time and says so; --force rewrites', () => {
    const root = project()
    leakwatch(root, ['init', '--github'])
    writeFileSync(join(root, '.github/workflows/leakwatch.yml'), 'edited\n')
    const again = leakwatch(root, ['init', '--github'])
    expect([again.code, again.stdout]).toEqual([0, 'skipped .github/workflows/leakwatch.yml: it exists (--force rewrites it)\n'])
    expect(read(root, '.github/workflows/leakwatch.yml')).toBe('edited\n')
    const forced = leakwatch(root, ['init', '--github', '--force'])
    expect([forced.code, forced.stdout]).toEqual([0, 'wrote .github/workflows/leakwatch.yml\n'])
    expect(workflow(root).jobs.quick).toBeDefined()
  })
})

describe('leakwatch init in a project with a leakwatch config', () => {
  it("runs the config's scenarios in CI: as they are on pull requests, at --scale 4 in the nightly shards", () => {
    const root = project({ 'leakwatch.config.mjs': "export default { scenarios: ['leaks/*.leak.mjs'] }\n" })
    expect(leakwatch(root, ['init', '--github', '--gitlab']).code).toBe(0)
    const { jobs } = workflow(root)
    const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? [s.run] : []))
    expect(runs(jobs.quick as Job)).toEqual(['npx --yes leakwatch run --reporter console,junit,markdown,html'])
    expect(runs(jobs.nightly as Job)).toEqual(['npx --yes leakwatch run --scale 4 --shard ${{ matrix.shard }}/4 --out leakwatch-results/scenarios --reporter console,junit,markdown,html'])
    expect(read(root, '.github/workflows/leakwatch.yml')).toContain('# It runs the scenarios leakwatch.config.mjs names')
    const ci = parse(read(root, '.gitlab-ci.yml')) as Record<string, { script: string[] }>
    expect(ci['leakwatch-quick']?.script).toEqual(['npx --yes leakwatch run --reporter console,junit,markdown,html'])
    expect(ci['leakwatch-nightly']?.script).toEqual(['npx --yes leakwatch run --scale 4 --shard $CI_NODE_INDEX/$CI_NODE_TOTAL --out leakwatch-results/shard-$CI_NODE_INDEX/scenarios --reporter console,junit,markdown,html'])
  })

  it("has the hook run the config's scenarios when a commit touches the sources: a leak there blocks it", () => {
    const root = project({ '.gitignore': 'node_modules/\n', 'leakwatch.config.mjs': "export default { scenarios: ['leaks/*.leak.mjs'] }\n" }, true)
    mkdirSync(join(root, 'leaks'))
    copyFileSync(join(fixtures, 'leaky.leak.mjs'), join(root, 'leaks', 'thumbnails.leak.mjs'))
    expect(leakwatch(root, ['init', '--hook']).code).toBe(0)
    expect(read(root, '.git/hooks/pre-commit')).toContain("RUN_ARGS=''")
    mkdirSync(join(root, 'node_modules/.bin'), { recursive: true })
    symlinkSync(bin, join(root, 'node_modules/.bin/leakwatch'))
    mkdirSync(join(root, 'src'))
    writeFileSync(join(root, 'src', 'app.js'), 'export const app = 1\n')
    sh(root, 'git', ['add', 'src/app.js'])
    const r = sh(root, 'git', ['commit', '-m', 'the app'])
    expect(r.code, r.output).toBe(1)
    expect(r.output).toMatch(/thumbnails +FAIL/) // the project's own scenario, not the built-in quick suite
    expect(r.output).not.toMatch(/timeout-utils/)
  }, RUN_MS)
})

describe('leakwatch init --gitlab', () => {
  it('writes .gitlab-ci.yml with JUnit reports, and no GitHub workflow when alone', () => {
    const root = project()
    const r = leakwatch(root, ['init', '--gitlab'])
    expect(r.code, r.stderr).toBe(0)
    expect(existsSync(join(root, '.github'))).toBe(false)
    const ci = parse(read(root, '.gitlab-ci.yml')) as Record<string, { script?: string[]; parallel?: number; artifacts?: { reports: { junit: string[] } } }>
    expect(ci['.leakwatch']?.artifacts?.reports.junit).toContain('leakwatch-results/leakwatch-results.xml')
    expect(ci['leakwatch-quick']?.script).toEqual(['npx --yes leakwatch run --suite quick --reporter console,junit,markdown,html'])
    expect(ci['leakwatch-nightly']?.parallel).toBe(4)
    expect(ci['leakwatch-nightly']?.script?.join('\n')).toContain('--shard $CI_NODE_INDEX/$CI_NODE_TOTAL')
  })

  it('writes each shard under a folder of its own, and a merge job that needs them all and runs whatever they found', () => {
    const root = project()
    expect(leakwatch(root, ['init', '--gitlab']).code).toBe(0)
    type GitlabJob = { script: string[]; needs?: string[]; extends?: string; rules: Array<{ when?: string }>; artifacts?: { paths: string[]; reports?: unknown } }
    const ci = parse(read(root, '.gitlab-ci.yml')) as Record<string, GitlabJob>
    const nightly = ci['leakwatch-nightly'] as GitlabJob
    const merge = ci['leakwatch-merge'] as GitlabJob
    expect(merge.needs).toEqual(['leakwatch-nightly'])
    expect(merge.rules.map((r) => r.when)).toEqual(['always', 'always'])
    // not an extension of .leakwatch: GitLab would count the merged JUnit beside the shards'
    expect([merge.extends, merge.artifacts]).toEqual([undefined, { when: 'always', expire_in: '30 days', paths: ['leakwatch-results/merged/'] }])
    // what two shards write, in the folder a job that needs them all downloads them to
    const outs = nightly.script.flatMap((line) => /--out (\S+)/.exec(line)?.[1] ?? [])
    expect(outs).toEqual(['leakwatch-results/shard-$CI_NODE_INDEX/stress', 'leakwatch-results/shard-$CI_NODE_INDEX/video'])
    for (const shard of ['1', '2']) {
      for (const out of outs) {
        const folder = join(root, out.replace('$CI_NODE_INDEX', shard))
        mkdirSync(folder, { recursive: true })
        writeFileSync(join(folder, 'leakwatch-results.json'), '{}')
      }
    }
    const mergeLine = merge.script[0] as string
    const pattern = /--merge (\S+)/.exec(mergeLine)?.[1] as string
    const found = sh(root, 'bash', ['-c', `printf '%s\\n' ${pattern}`]).stdout.trim().split('\n')
    expect(found).toEqual(['1/stress', '1/video', '2/stress', '2/video'].map((p) => `leakwatch-results/shard-${p}/leakwatch-results.json`))
    const junit = (ci['.leakwatch'] as { artifacts: { reports: { junit: string[] } } }).artifacts.reports.junit
    expect(junit).toContain('leakwatch-results/shard-*/*/leakwatch-results.xml')
  })

  it('never clobbers an existing .gitlab-ci.yml: writes leakwatch.gitlab-ci.yml to include', () => {
    const root = project({ '.gitlab-ci.yml': 'test:\n  script: [make test]\n' })
    const r = leakwatch(root, ['init', '--gitlab', '--force'])
    expect(r.stdout).toMatch(/^wrote leakwatch\.gitlab-ci\.yml\n\.gitlab-ci\.yml is yours and left as it is: include the jobs from it with\n {2}include:\n {4}- local: leakwatch\.gitlab-ci\.yml\n/)
    expect(read(root, '.gitlab-ci.yml')).toBe('test:\n  script: [make test]\n')
    expect(parse(read(root, 'leakwatch.gitlab-ci.yml'))).toHaveProperty('leakwatch-nightly')
  })
})

describe('leakwatch init --hook: where the hook goes', () => {
  it('refuses outside a git repository: one line, exit 2, nothing written', () => {
    const root = project()
    const r = leakwatch(root, ['init', '--hook', '--github'])
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'leakwatch: --hook: not a git repository (or git is not installed); run git init first, or leave out --hook\n'])
    expect(existsSync(join(root, '.github'))).toBe(false)
  })

  it('installs an executable POSIX sh hook into .git/hooks', () => {
    const root = project({}, true)
    const r = leakwatch(root, ['init', '--hook'])
    expect(r.stdout).toBe('wrote .git/hooks/pre-commit\n')
    expect(statSync(join(root, '.git/hooks/pre-commit')).mode & 0o111).toBe(0o111)
    expect(read(root, '.git/hooks/pre-commit')).toMatch(/^#!\/bin\/sh\n/)
    expect(sh(root, 'sh', ['-n', '.git/hooks/pre-commit']).code).toBe(0)
  })

  it('uses .husky/pre-commit when the project has husky', () => {
    const root = project({ '.husky/_/h': '' }, true)
    expect(leakwatch(root, ['init', '--hook']).stdout).toBe('wrote .husky/pre-commit\n')
  })

  it('leaves lefthook.yml alone and writes a config to merge', () => {
    const root = project({ 'lefthook.yml': 'pre-commit:\n  commands: {}\n' }, true)
    const r = leakwatch(root, ['init', '--hook'])
    expect(r.stdout).toBe('wrote .leakwatch/pre-commit.sh\nwrote lefthook-leakwatch.yml\nlefthook.yml is yours and left as it is: merge lefthook-leakwatch.yml into it (or list it under extends:), then run lefthook install\n')
    expect(read(root, 'lefthook.yml')).toBe('pre-commit:\n  commands: {}\n')
    expect(parse(read(root, 'lefthook-leakwatch.yml'))).toEqual({ 'pre-commit': { commands: { leakwatch: { run: 'sh .leakwatch/pre-commit.sh' } } } })
  })

  it("never overwrites another tool's pre-commit hook, even with --force", () => {
    const root = project({}, true)
    writeFileSync(join(root, '.git/hooks/pre-commit'), '#!/bin/sh\nmake lint\n')
    const r = leakwatch(root, ['init', '--hook', '--force'])
    expect(r.stdout).toBe('wrote .git/hooks/leakwatch-pre-commit\n.git/hooks/pre-commit exists and is not leakwatch\'s: add this line to it to run the leak tests: sh .git/hooks/leakwatch-pre-commit\n')
    expect(read(root, '.git/hooks/pre-commit')).toBe('#!/bin/sh\nmake lint\n')
  })

  it('rejects a --watch glob the hook cannot hold', () => {
    const r = leakwatch(project({}, true), ['init', '--hook', '--watch', 'my src/**'])
    expect([r.code, r.stderr]).toEqual([2, "leakwatch: --watch 'my src/**': a glob may not be empty or hold spaces, quotes or backslashes\n"])
  })
})

describe('the pre-commit hook in a real repository', () => {
  let root: string
  const commits = () => Number(sh(root, 'git', ['rev-list', '--count', '--all']).stdout.trim() || 0)
  const commit = (message: string) => sh(root, 'git', ['commit', '-m', message])

  beforeAll(() => {
    root = project({ '.gitignore': 'node_modules/\n', 'README.md': 'a project\n' }, true)
    expect(leakwatch(root, ['init', '--hook']).stdout).toBe('wrote .git/hooks/pre-commit\n')
    // the hook runs node_modules/.bin/leakwatch when there is one: this checkout's
    mkdirSync(join(root, 'node_modules/.bin'), { recursive: true })
    symlinkSync(bin, join(root, 'node_modules/.bin/leakwatch'))
  })

  it('blocks a commit that stages a leaky scenario, and makes no commit', () => {
    copyFileSync(join(fixtures, 'leaky.leak.mjs'), join(root, 'x.leak.mjs'))
    sh(root, 'git', ['add', 'x.leak.mjs'])
    const r = commit('add a thumbnail cache')
    expect(r.code, r.output).not.toBe(0)
    expect(r.output).toMatch(/running the leak tests/)
    expect(r.output).toMatch(/thumbnails +FAIL/)
    expect(r.output).toMatch(/leakwatch: leak tests failed \(exit 1\): commit aborted/)
    expect(commits()).toBe(0)
  }, RUN_MS)

  it('lets the fixed scenario in', () => {
    copyFileSync(join(fixtures, 'clean.leak.mjs'), join(root, 'x.leak.mjs'))
    sh(root, 'git', ['add', 'x.leak.mjs'])
    const r = commit('add a thumbnail cache that keeps 32')
    expect(r.code, r.output).toBe(0)
    expect(r.output).toMatch(/thumbnails +PASS/)
    expect(commits()).toBe(1)
  }, RUN_MS)

  it('skips the leak tests, quickly, when the commit touches no watched path', () => {
    writeFileSync(join(root, 'README.md'), 'a project, documented\n')
    sh(root, 'git', ['add', 'README.md'])
    const r = commit('document it')
    expect(r.code, r.output).toBe(0)
    expect(r.output).not.toMatch(/leak tests/)
    expect(commits()).toBe(2)
  })

  it('says leakwatch could not run, not that leak tests failed, when it is not there', () => {
    copyFileSync(join(fixtures, 'clean.leak.mjs'), join(root, 'y.leak.mjs'))
    sh(root, 'git', ['add', 'y.leak.mjs'])
    const missing = join(root, 'no-such-leakwatch')
    const r = spawnSync('git', ['commit', '-m', 'another cache'], { cwd: root, encoding: 'utf8', env: { ...env, LEAKWATCH: missing }, timeout: RUN_MS })
    expect(r.status, r.stderr).toBe(1)
    expect(r.stderr).toContain(`leakwatch: the leak tests could not run (${missing} exited with 127, see above): commit aborted. Install leakwatch in the project`)
    expect(r.stderr).not.toMatch(/leak tests failed/)
    expect(commits()).toBe(2)
  }, RUN_MS)
})
