#!/usr/bin/env bash
# make bench: runs every tests/bench/bench-*.sh against a release build, in a fixed order.
# Each script prints its own figures, including ratios against the reference runner where one
# applies; the reference runner is installed once into a scratch directory by peer-setup.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build-release}" && pwd)
export FLOIP="$build/floip" FLOIP_BUILD="$build" FLOIP_BENCH_DIR="$here"
status=0
for script in "$here"/bench-*.sh; do
    echo "== $(basename "$script" .sh)"
    bash "$script" || status=1
done
exit $status
