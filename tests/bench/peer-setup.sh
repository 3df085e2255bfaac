#!/usr/bin/env bash
# Installs the reference runner (@floip/flow-runner from the npm registry) into a scratch copy of
# tests/bench/peer, so the benchmarks run anywhere, read-only checkouts included.
# Prints the directory holding run-flow.js.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${FLOIP_PEER_DIR:-${TMPDIR:-/tmp}/floip-bench-peer}
mkdir -p "$dir"
cp "$here"/peer/package.json "$here"/peer/run-flow.js "$here"/peer/bench.sh "$dir"/
if [ ! -d "$dir/node_modules/@floip/flow-runner" ]; then
    (cd "$dir" && npm install --silent --no-audit --no-fund >/dev/null 2>&1) || {
        echo "peer-setup: npm install of @floip/flow-runner failed" >&2; exit 1; }
fi
echo "$dir"
