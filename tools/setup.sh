#!/usr/bin/env bash
# Installs what leakwatch needs on a machine that has only Node 20 and npm: pnpm (through
# npm when it is missing), the workspace's packages exactly as the lockfile pins them, and
# a build. Safe to run again; later runs reuse what is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

node -e '
  const [major, minor] = process.versions.node.split(".").map(Number)
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`setup: leakwatch needs Node 20.19 or newer; this is ${process.version}`)
    process.exit(1)
  }'

export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 npm_config_update_notifier=false

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
# Not corepack: it cannot verify pnpm's signatures without reaching GitHub.
if ! pnpm --version >/dev/null 2>&1; then
  echo "setup: installing pnpm $pnpm_version with npm"
  if ! npm install --global --no-audit --no-fund "pnpm@$pnpm_version"; then
    # not root and no writable global prefix: install for this user instead
    npm install --global --prefix "$HOME/.local" --no-audit --no-fund "pnpm@$pnpm_version"
    export PATH="$HOME/.local/bin:$PATH"
    echo "setup: pnpm is in ~/.local/bin; add it to your PATH to run pnpm yourself"
  fi
fi

# Native addons build against the headers of the Node that runs them; node-gyp cannot
# download headers on a closed network, and Debian's nodejs ships them in /usr/include/node.
# (Set after npm's own use above: npm 11 warns about the key, pnpm hands it to node-gyp.)
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

pnpm install --frozen-lockfile
pnpm build
