#!/usr/bin/env bash
# Installs everything, then runs leakwatch's main job: the guide's quick suite, each scenario
# in its own process, graded and reported (results in leakwatch-results/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/setup.sh
pnpm --silent leakwatch run --suite quick
