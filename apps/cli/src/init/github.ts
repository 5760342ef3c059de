import { MARK } from './write.js'
import { NIGHTLY_SCALE, type Project } from './project.js'

const REPORTERS = 'console,junit,markdown,html'
export const SHARDS = 4

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
  const nightly = project.config
    ? `      - name: Leak scenarios at ${NIGHTLY_SCALE}x their length, shard \${{ matrix.shard }} of ${SHARDS}
        run: ${lw} run --scale ${NIGHTLY_SCALE} ${shard} --out leakwatch-results/scenarios --reporter ${REPORTERS}`
    : `      - name: Stress suite, shard \${{ matrix.shard }} of ${SHARDS}
        run: ${lw} run --suite stress ${shard} --out leakwatch-results/stress --reporter ${REPORTERS}
      - name: Video suite, shard \${{ matrix.shard }} of ${SHARDS}
        if: \${{ !cancelled() }}
        run: ${lw} run --suite video ${shard} --out leakwatch-results/video --reporter ${REPORTERS}`
  return `# Leak tests, ${MARK} (rerun it with --force to rewrite this file).
${whatRuns(project)}
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
      - name: ${project.config ? 'Leak scenarios' : 'Quick leak suite'}
        run: ${lw} run${project.config ? '' : ' --suite quick'} --reporter ${REPORTERS}
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
        run: ${lw} report --merge shard-*/*/leakwatch-results.json --reporter ${REPORTERS},json
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: leakwatch-nightly
          path: leakwatch-results/
`
}

/** The comment that says what the CI files run: the project's scenarios, or the built-in suites. */
export function whatRuns(project: Project): string {
  return project.config
    ? `# It runs the scenarios ${project.config} names (leakwatch run, as on your machine): as they are
# on every pull request and push, ${NIGHTLY_SCALE} times as long (--scale ${NIGHTLY_SCALE}) nightly.`
    : `# It runs leakwatch's built-in suites (the guide's tests of a camera and video service): quick on
# every pull request and push, stress and video nightly. To test your own code instead, name
# your scenario files in a leakwatch.config.mjs ({ scenarios: ['test/**/*.leak.mjs'] }) and
# rerun leakwatch init --force.`
}

function setup(project: Project): string {
  const steps = ['      - uses: actions/checkout@v4']
  if (project.packageManager === 'pnpm') steps.push(project.pinsPackageManager ? '      - uses: pnpm/action-setup@v4' : '      - uses: pnpm/action-setup@v4\n        with:\n          version: 10')
  steps.push(`      - uses: actions/setup-node@v4\n        with:\n          node-version: 20${project.cache ? `\n          cache: ${project.cache}` : ''}`)
  if (project.install) steps.push(`      - run: ${project.install}`)
  return steps.join('\n')
}
