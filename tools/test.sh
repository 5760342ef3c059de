#!/usr/bin/env bash
# Installs everything, then runs every package's type check and tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/setup.sh
pnpm --filter @leakwatch/repo-checks check:boundaries
pnpm test
# the published packages as users get them: packed, installed with npm outside the workspace, used
pnpm test:pack
