import { runPlan } from './what-runs.js'
import { MARK } from './write.js'

/** What the pre-commit hook watches by default: sources, and leak scenario files anywhere. */
export const DEFAULT_WATCH = ['src/**', '**/*.scenario.*', '**/*.leak.*']

/**
 * The guide's pre-commit hook, in POSIX sh: when the staged changes touch a watched path, run
 * the leak tests and abort the commit if one fails. Staged scenario files (`*.scenario.*`,
 * `*.leak.*`) are what it runs; other changes run the quick suite. A commit that touches no
 * watched path costs one `git diff`.
 *
 * The globs are `case` patterns, where `*` also matches `/`: `src/**` is everything under
 * src, and a leading `**` + `/` also matches at the top (`**` + `/*.leak.*` matches `x.leak.mjs`).
 */
export function preCommitScript(watch: readonly string[], config?: string): string {
  const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
  return `#!/bin/sh
# leakwatch pre-commit hook, ${MARK} (rerun it with --hook --force to rewrite it).
# When the commit touches a watched path, run the leak tests and abort the commit if one
# fails: the staged scenario files, or else RUN_ARGS (${config ? `'': the scenarios ${config} names` : `the built-in quick suite; with a leakwatch config
# file, set RUN_ARGS='' to run its scenarios`}). Skip it once with: git commit --no-verify
# leakwatch is the LEAKWATCH variable if set, else node_modules/.bin/leakwatch, else
# leakwatch on the PATH, else npx --yes leakwatch.
WATCH=${quoted(watch.join(' '))}
RUN_ARGS='${runPlan({ config }).quick}'
# --no-diagnose keeps the hook quick; leakwatch run <file> shows where a failing one grows
FLAGS='--fail-on fail --reporter console --no-diagnose'

set -f # the globs are patterns for case, not for the shell to expand
touched=$(git diff --cached --name-only --diff-filter=ACMRD | while IFS= read -r file; do
  for glob in $WATCH; do
    case "$file" in $glob | \${glob#\\*\\*/}) printf '%s\\n' "$file"; break ;; esac
  done
done)
[ -z "$touched" ] && exit 0

set --
while IFS= read -r file; do
  case "$file" in *.scenario.* | *.leak.*) [ -f "$file" ] && set -- "$@" "$file" ;; esac
done <<STAGED
$touched
STAGED

if [ -n "\${LEAKWATCH:-}" ]; then lw=$LEAKWATCH
elif [ -x node_modules/.bin/leakwatch ]; then lw=node_modules/.bin/leakwatch
elif command -v leakwatch >/dev/null 2>&1; then lw=leakwatch
else lw='npx --yes leakwatch'
fi
out="$(git rev-parse --git-dir)/leakwatch-results"

echo "leakwatch: the commit touches watched paths; running the leak tests (git commit --no-verify skips them)"
# a run writes its results file whatever its verdicts: without one, leakwatch did not run
rm -f "$out/leakwatch-results.json"
if [ $# -gt 0 ]; then
  $lw run "$@" $FLAGS --out "$out"
else
  $lw run $RUN_ARGS $FLAGS --out "$out"
fi
status=$?
if [ $status -ne 0 ]; then
  if [ -f "$out/leakwatch-results.json" ]; then
    echo "leakwatch: leak tests failed (exit $status): commit aborted. Results: $out" >&2
  else
    echo "leakwatch: the leak tests could not run ($lw exited with $status, see above): commit aborted. Install leakwatch in the project (npm install --save-dev leakwatch) or set LEAKWATCH to the command that runs it" >&2
  fi
  exit 1
fi
echo "leakwatch: leak tests passed"
`
}

/**
 * A lefthook config of one pre-commit command running the hook script: written beside a
 * lefthook.yml that leakwatch never edits.
 */
export function lefthookConfig(script: string): string {
  return `# leakwatch's pre-commit command for lefthook, ${MARK}.
# Merge it into your lefthook.yml, or add this file to it:
#   extends:
#     - lefthook-leakwatch.yml
pre-commit:
  commands:
    leakwatch:
      run: sh ${script}
`
}
