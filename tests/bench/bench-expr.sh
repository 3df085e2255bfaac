#!/usr/bin/env bash
# Expression evaluation speed: evaluations per second and heap allocations per evaluation of the
# expression library's benchmark templates and expressions (compiled once), on one core.
#   tests/bench/bench-expr.sh [builddir] [seconds-per-case]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${FLOIP_BUILD:-${1:-$here/../../build-release}}
bin="$build/tests/bench_expr"
if [ ! -x "$bin" ]; then
    echo "bench-expr: $bin not built (cmake --build $build --target bench_expr)" >&2
    exit 1
fi
"$bin" "${2:-0.5}"
