#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for the given number of seconds each, starting
# from the committed corpus (tests/fuzz/corpus/<name>/, never modified: new inputs go to a
# scratch directory). Exit status 1 when a target finds a crash, leak or sanitizer report.
#   tests/fuzz/run.sh <builddir> [seconds]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: run.sh <builddir> [seconds]}" && pwd)
seconds=${2:-60}
status=0
found=0
for bin in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    found=1
    name=$(basename "$bin")
    name=${name#fuzz_}
    scratch=$(mktemp -d)
    artifacts="$build/fuzz-artifacts/$name"
    mkdir -p "$artifacts"
    corpus="$here/corpus/$name"
    dict=()
    [ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
    echo "fuzz_$name: ${seconds}s, corpus $corpus"
    if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" \
        "$scratch" "$corpus" 2>"$build/fuzz-$name.log"; then
        grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$build/fuzz-$name.log" || true
        echo "fuzz_$name: no crash, leak or sanitizer report"
    else
        tail -40 "$build/fuzz-$name.log"
        echo "fuzz_$name: FAILED (artifacts in $artifacts)"
        status=1
    fi
    rm -rf "$scratch"
done
[ "$found" = 1 ] || { echo "run.sh: no fuzz_* binaries under $build/tests/fuzz" >&2; exit 1; }
exit $status
