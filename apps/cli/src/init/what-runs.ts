import type { Project } from './project.js'

/** The reporters of every CI run: the log, the CI system's test results, the job summary, the charts. */
export const CI_REPORTERS = 'console,junit,markdown,html'

/** The shards of the nightly runs (a GitHub matrix, GitLab `parallel`). */
export const SHARDS = 4

/** The scale of the nightly run of a project's own scenarios: four times as long as on a pull request. */
export const NIGHTLY_SCALE = 4

/** One `leakwatch run` of the nightly shards. */
export interface NightlyRun {
  /** The step's name, before ", shard i of n". */
  name: string
  /** Arguments of `leakwatch run` before `--shard`. */
  args: string
  /** The output folder under leakwatch-results/ (under shard-<n>/ on GitLab). */
  folder: string
}

/**
 * What CI and the pre-commit hook run, in one place for the GitHub workflow, the GitLab jobs
 * and the hook: a project with a leakwatch config runs `leakwatch run` as the config says (its
 * scenarios: as they are on pull requests and commits, {@link NIGHTLY_SCALE} times as long
 * nightly); one without runs leakwatch's built-in suites, the guide's split.
 */
export interface RunPlan {
  /** The pull-request step's name. */
  quickName: string
  /** Arguments of `leakwatch run` on pull requests, pushes and commits ('' runs what the config names). */
  quick: string
  nightly: NightlyRun[]
  /** The lines at the top of a CI file that say what it runs. */
  comment: string
}

export function runPlan(project: Pick<Project, 'config'>): RunPlan {
  if (project.config) {
    return {
      quickName: 'Leak scenarios',
      quick: '',
      nightly: [{ name: `Leak scenarios at ${NIGHTLY_SCALE}x their length`, args: `--scale ${NIGHTLY_SCALE}`, folder: 'scenarios' }],
      comment: `# It runs the scenarios ${project.config} names (leakwatch run, as on your machine): as they are
# on every pull request and push, ${NIGHTLY_SCALE} times as long (--scale ${NIGHTLY_SCALE}) nightly.`,
    }
  }
  return {
    quickName: 'Quick leak suite',
    quick: '--suite quick',
    nightly: [
      { name: 'Stress suite', args: '--suite stress', folder: 'stress' },
      { name: 'Video suite', args: '--suite video', folder: 'video' },
    ],
    comment: `# It runs leakwatch's built-in suites (the guide's tests of a camera and video service): quick on
# every pull request and push, stress and video nightly. To test your own code instead, name
# your scenario files in a leakwatch.config.mjs ({ scenarios: ['test/**/*.leak.mjs'] }) and
# rerun leakwatch init --force.`,
  }
}

/** `leakwatch run` with arguments that may be empty, as a command line. */
export const runWith = (lw: string, ...args: string[]) => [lw, 'run', ...args.filter(Boolean)].join(' ')
