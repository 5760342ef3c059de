import { MARK } from './write.js'
import type { Project } from './project.js'
import { CI_REPORTERS, type NightlyRun, runPlan, runWith, SHARDS } from './what-runs.js'

/**
 * GitLab CI jobs: the quick suite on merge requests and pushes; the stress and video suites
 * on schedules and pushes to the default branch, in parallel shards, and a last job that
 * merges the shards into one report. Every job keeps its results as artifacts and the suites
 * hand their JUnit files to GitLab (`artifacts:reports:junit`), which shows the failures in
 * the merge request. Each shard writes under `leakwatch-results/shard-<n>/`: a job that
 * `needs` a parallel job gets every shard's artifacts in one folder, and shards writing the
 * same paths would overwrite each other there.
 */
export function gitlabJobs(project: Project, included: boolean): string {
  const lw = project.leakwatch
  const plan = runPlan(project)
  const shard = (run: NightlyRun) =>
    runWith(lw, run.args, '--shard $CI_NODE_INDEX/$CI_NODE_TOTAL', `--out leakwatch-results/shard-$CI_NODE_INDEX/${run.folder}`, `--reporter ${CI_REPORTERS}`)
  const nightly =
    plan.nightly.length === 1
      ? `    - ${shard(plan.nightly[0] as NightlyRun)}`
      : ['    # both suites run whatever the first found; the job fails if either did', '    - status=0', ...plan.nightly.map((run) => `    - ${shard(run)} || status=$?`), '    - exit $status'].join('\n')
  const setup = `  image: node:20
  stage: test
${project.install ? `  before_script:\n    - ${project.packageManager === 'pnpm' ? 'corepack enable && ' : ''}${project.install}\n` : ''}`
  return `# Leak tests, ${MARK} (rerun it with --force to rewrite this file).
${included ? '# Include it from .gitlab-ci.yml:\n#   include:\n#     - local: leakwatch.gitlab-ci.yml\n' : ''}${plan.comment}
# Nightly (on schedules, CI/CD > Schedules, and pushes to the default branch) it runs in
# ${SHARDS} parallel shards that leakwatch-merge joins into one report
# (leakwatch-results/merged/leakwatch-results.html).
.leakwatch:
${setup}  artifacts:
    when: always
    expire_in: 30 days
    paths:
      - leakwatch-results/
    reports:
      junit:
        - leakwatch-results/leakwatch-results.xml
        - leakwatch-results/shard-*/*/leakwatch-results.xml

leakwatch-quick:
  extends: .leakwatch
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_PIPELINE_SOURCE == "push"
  script:
    - ${runWith(lw, plan.quick, `--reporter ${CI_REPORTERS}`)}

leakwatch-nightly:
  extends: .leakwatch
  parallel: ${SHARDS}
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
    - if: $CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
${nightly}

# One report of every shard. Not an extension of .leakwatch, whose JUnit reports it would
# inherit: GitLab already has the shards' JUnit, and would count each scenario twice.
leakwatch-merge:
${setup}  needs: [leakwatch-nightly]
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
      when: always
    - if: $CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: always
  script:
    - ${lw} report --merge leakwatch-results/shard-*/*/leakwatch-results.json --out leakwatch-results/merged --reporter ${CI_REPORTERS},json
  artifacts:
    when: always
    expire_in: 30 days
    paths:
      - leakwatch-results/merged/
`
}
