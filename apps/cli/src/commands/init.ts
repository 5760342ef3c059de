import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defineCommand } from '../command.js'
import { EXIT, UsageError } from '../errors.js'
import { githubWorkflow } from '../init/github.js'
import { gitlabJobs } from '../init/gitlab.js'
import { DEFAULT_WATCH } from '../init/hook.js'
import { installHook } from '../init/install-hook.js'
import { gitHooksDir, readProject } from '../init/project.js'
import { isOurs, type WriteOptions, writeOwned } from '../init/write.js'

export const init = defineCommand({
  name: 'init',
  summary: 'write a CI workflow (GitHub Actions, GitLab CI) and a pre-commit hook that run leak tests',
  usage: ['leakwatch init [--github] [--gitlab] [--hook] [--watch <globs>] [--force]'],
  description: `Sets a project up for leak tests, in the current folder, without asking anything:
  .github/workflows/leakwatch.yml  the quick suite on every pull request and push; the stress
                                   and video suites nightly and on pushes to main, in 4 shards
                                   merged into one report
  .gitlab-ci.yml (--gitlab)        the same as GitLab CI jobs, JUnit into artifacts:reports
  a pre-commit hook                the leak tests when a commit touches a watched path
                                   (.git/hooks, husky or lefthook, whichever the project uses)
Default: the GitHub workflow and the hook (the hook only in a git repository). It prints
each file it writes, and skips a file that exists, saying so.`,
  options: {
    github: { description: 'write the GitHub Actions workflow' },
    gitlab: { description: 'write GitLab CI jobs (.gitlab-ci.yml, or leakwatch.gitlab-ci.yml to include\nwhen .gitlab-ci.yml exists); alone: GitLab and the hook, no GitHub workflow' },
    hook: { description: 'install the pre-commit hook (needs a git repository)' },
    watch: { value: '<globs>', multiple: true, description: `paths whose change runs the hook (default: ${DEFAULT_WATCH.join(',')});\n* matches across folders` },
    force: { description: "rewrite files an earlier leakwatch init wrote; another tool's hook or config\nis never overwritten" },
  },
  footer: `The CI files call leakwatch with npx (npx --yes when package.json does not list it) after
installing with the project's package manager (npm ci, pnpm install --frozen-lockfile or
yarn install --frozen-lockfile, from the lockfile; no install step without a package.json).
Exit codes: 0 done (files that existed are skipped, not an error), 2 --hook outside a git
repository, or a bad --watch glob.`,

  async run({ values }, io) {
    const root = process.cwd()
    const only = values.github || values.hook
    const want = { github: only ? values.github === true : !values.gitlab, gitlab: values.gitlab === true, hook: only ? values.hook === true : true }
    const watch = values.watch ?? DEFAULT_WATCH
    const bad = watch.find((glob) => glob === '' || /[\s'"\\]/.test(glob))
    if (bad !== undefined) throw new UsageError(`--watch '${bad}': a glob may not be empty or hold spaces, quotes or backslashes`)
    const hooksDir = want.hook ? gitHooksDir(root) : undefined
    if (want.hook && !hooksDir && values.hook) throw new UsageError('--hook: not a git repository (or git is not installed); run git init first, or leave out --hook')

    const say = (line: string) => io.stdout.write(`${line}\n`)
    const options: WriteOptions = { force: values.force === true, cwd: root, say }
    const project = readProject(root)
    if (want.github) writeOwned(join(root, '.github', 'workflows', 'leakwatch.yml'), githubWorkflow(project), options)
    if (want.gitlab) {
      const main = join(root, '.gitlab-ci.yml')
      if (!existsSync(main) || isOurs(main)) writeOwned(main, gitlabJobs(project, false), options)
      else if (writeOwned(join(root, 'leakwatch.gitlab-ci.yml'), gitlabJobs(project, true), options)) {
        say('.gitlab-ci.yml is yours and left as it is: include the jobs from it with\n  include:\n    - local: leakwatch.gitlab-ci.yml')
      }
    }
    if (want.hook && hooksDir) installHook(root, hooksDir, watch, options, project.config)
    else if (want.hook) say('skipped the pre-commit hook: not a git repository (leakwatch init --hook installs it once it is)')
    return EXIT.ok
  },
})
