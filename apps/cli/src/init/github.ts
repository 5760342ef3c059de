import { MARK } from './write.js'
import type { Project } from './project.js'
import { CI_REPORTERS, NIGHTLY_SCALE, runPlan, runWith, SHARDS } from './what-runs.js'

/**
 * The GitHub Actions workflow: the guide's split. The quick suite on every pull request and
 * push; the stress and video suites nightly, on pushes to main and by hand, in {@link SHARDS}
 * shards whose results a last job merges into one report. A project with a leakwatch config
 * gets its own scenarios instead: as they are on pull requests, {@link NIGHTLY_SCALE} times
 * as long nightly.
 */
export function githubWorkflow(project: Project): string {
  const lw = project.leakwatch
  const shard = `--shard \${{ matrix.shard }}/${SHARDS}`
  const plan = runPlan(project)
  const nightly = plan.nightly
    .map((run, i) => `      - name: ${run.name}, shard \${{ matrix.shard }} of ${SHARDS}\n${i > 0 ? '        if: ${{ !cancelled() }}\n' : ''}        run: ${runWith(lw, run.args, shard, `--out leakwatch-results/${run.folder}`, `--reporter ${CI_REPORTERS}`)}`)
    .join('\n')
  return `# Leak tests, ${MARK} (rerun it with --force to rewrite this file).
${plan.comment}
# Nightly, on pushes to main and by hand (Actions > leakwatch > Run workflow), it runs in
# ${SHARDS} shards that a last job merges into one report.
# Under GitHub Actions leakwatch adds its github reporter by itself: a failing scenario is
# annotated on its file, and the Markdown summary goes into the job summary.
# ${lw === 'npx leakwatch' ? 'leakwatch is a dependency of package.json: the install step installs it.' : 'leakwatch is not in package.json: npx --yes fetches it (add it as a devDependency to pin its version).'}
name: leakwatch

on:
  pull_request:
  push:
  schedule:
    - cron: '17 3 * * *' # nightly, 03:17 UTC
  workflow_dispatch:

permissions:
  contents: read

jobs:
  quick:
    if: github.event_name == 'pull_request' || github.event_name == 'push'
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
${setup(project)}
      - name: ${plan.quickName}
        run: ${runWith(lw, plan.quick, `--reporter ${CI_REPORTERS}`)}
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: leakwatch-quick
          path: leakwatch-results/

  nightly:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch' || (github.event_name == 'push' && github.ref == 'refs/heads/main')
    runs-on: ubuntu-latest
    timeout-minutes: 120
    strategy:
      fail-fast: false # every shard runs to its end: the merged report has them all
      matrix:
        shard: [${Array.from({ length: SHARDS }, (_, i) => i + 1).join(', ')}]
    steps:
${setup(project)}
${nightly}
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: shard-\${{ matrix.shard }}
          path: leakwatch-results/

  merge:
    needs: nightly
    if: \${{ !cancelled() && needs.nightly.result != 'skipped' }}
    runs-on: ubuntu-latest
    steps:
${setup(project)}
      - uses: actions/download-artifact@v4
        with:
          pattern: shard-*
          path: .
      - name: Merge the shards into one report
        run: ${lw} report --merge shard-*/*/leakwatch-results.json --reporter ${CI_REPORTERS},json
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: leakwatch-nightly
          path: leakwatch-results/
`
}

function setup(project: Project): string {
  const steps = ['      - uses: actions/checkout@v4']
  if (project.packageManager === 'pnpm') steps.push(project.pinsPackageManager ? '      - uses: pnpm/action-setup@v4' : '      - uses: pnpm/action-setup@v4\n        with:\n          version: 10')
  steps.push(`      - uses: actions/setup-node@v4\n        with:\n          node-version: 20${project.cache ? `\n          cache: ${project.cache}` : ''}`)
  if (project.install) steps.push(`      - run: ${project.install}`)
  return steps.join('\n')
}
