#!/usr/bin/env bash
# Installs everything, then runs leakwatch's main job. Until the scenario runner lands this
# is `leakwatch sample` on a short demo process that grows memory, threads and open files.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/setup.sh
pnpm --silent leakwatch sample --interval 250 -- node tools/demo/growing-app.mjs
