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

# OpenCV for @leakwatch/native's video writers and cameras: the system's, from apt where this
# is Debian or Ubuntu and we are root; elsewhere say what to install. Without it the build of
# the optional binding fails quietly and the video suite is skipped with that reason.
if ! pkg-config --exists opencv4 2>/dev/null || { command -v dpkg >/dev/null && ! dpkg -s gstreamer1.0-plugins-base >/dev/null 2>&1; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing OpenCV (libopencv-dev) and GStreamer's base plugins with apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopencv-dev gstreamer1.0-plugins-base pkg-config >/dev/null
  else
    echo "setup: OpenCV 4 was not found; the video suite will be skipped. To run it, install it and run this again:"
    echo "         Debian/Ubuntu: sudo apt-get install libopencv-dev gstreamer1.0-plugins-base pkg-config"
    echo "         macOS:         brew install opencv pkg-config"
  fi
fi
if pkg-config --exists opencv4 2>/dev/null; then
  # build @u4/opencv4nodejs against the system OpenCV (it would otherwise download and build its own)
  export OPENCV4NODEJS_DISABLE_AUTOBUILD=1 JOBS=${JOBS:-max}
  OPENCV_INCLUDE_DIR="$(pkg-config --cflags-only-I opencv4 | sed 's/^-I//; s/ .*//')"
  export OPENCV_INCLUDE_DIR
  export OPENCV_LIB_DIR="$(pkg-config --variable=libdir opencv4)"
  export OPENCV_BIN_DIR="$(pkg-config --variable=prefix opencv4)/bin"
fi

# jemalloc and binutils for `leakwatch run --native-profile` (native stacks of a leak, symbolised
# with addr2line and nm): optional, like OpenCV; without them that flag says what to install.
if command -v dpkg >/dev/null && ! dpkg -s libjemalloc2 binutils >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing jemalloc (libjemalloc2) and binutils with apt, for --native-profile"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjemalloc2 binutils >/dev/null
  else
    echo "setup: jemalloc was not found; leakwatch run --native-profile needs it: sudo apt-get install libjemalloc2 binutils"
  fi
fi

# Chromium and xmllint for the report tests: the HTML report is loaded in a headless Chromium
# (Debian's package; playwright-core drives it, no browser download) and the JUnit file is
# checked against packages/reporters/schema/junit.xsd. Optional: without them those tests skip.
if command -v dpkg >/dev/null && ! dpkg -s chromium libxml2-utils >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Chromium and xmllint (libxml2-utils) with apt, for the report tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libxml2-utils >/dev/null
  else
    echo "setup: Chromium or xmllint was not found; the HTML and JUnit report tests will skip: sudo apt-get install chromium libxml2-utils"
  fi
fi

pnpm install --frozen-lockfile
pnpm build
