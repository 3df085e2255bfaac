#!/usr/bin/env bash
# Engine speed side by side with the reference runner, in the same run: `node run-flow.js
# --repeat N` and `floip run --repeat N*SCALE` on each bench flow with its inputs, then the ratio
# of steps per second, and the size of a saved waiting session of small_linear. floip holds the
# same conversations SCALE times as often (default 10) so that its timed loop lasts long enough
# (a tenth of a second or more) for a steady rate; at N alone a small flow takes milliseconds.
#   tests/bench/bench-engine.sh [N]   (FLOIP=path/to/floip, default build-release/floip;
#                                      FLOIP_SCALE=k, default 10)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
floip=${FLOIP:-$root/build-release/floip}
n=${1:-${BENCH_N:-2000}}
scale=${FLOIP_SCALE:-10}
flows="$here/flows"
inputs="$flows/inputs.json"
[ -x "$floip" ] || { echo "bench-engine: no floip binary at $floip (make release)" >&2; exit 1; }

rate() { sed -n 's/.*steps_per_sec=\([0-9.]*\).*/\1/p'; }

peer=""
if command -v node >/dev/null 2>&1; then
    peer=$(bash "$here/peer-setup.sh" 2>/dev/null) || peer=""
fi
[ -n "$peer" ] || echo "bench-engine: reference runner unavailable (node/npm); floip figures only" >&2

printf '%-14s %8s %8s %16s %16s %10s\n' flow N floip_N floip_steps/s peer_steps/s ratio
for f in small_linear run_flow large; do
    ours=$("$floip" run "$flows/$f.json" --inputs-file "$inputs" --repeat $((n * scale)) | tail -1)
    r_ours=$(echo "$ours" | rate)
    r_peer="-" ratio="-"
    if [ -n "$peer" ]; then
        theirs=$(cd "$peer" && node run-flow.js "$flows/$f.json" --inputs-file "$inputs" --repeat "$n" | tail -1)
        r_peer=$(echo "$theirs" | rate)
        ratio=$(awk -v a="$r_ours" -v b="$r_peer" 'BEGIN { if (b > 0) printf "%.0fx", a / b; else print "-" }')
    fi
    printf '%-14s %8s %8s %16s %16s %10s\n' "$f" "$n" $((n * scale)) "$r_ours" "$r_peer" "$ratio"
    echo "  floip: $ours"
    [ -n "$peer" ] && echo "  peer:  $theirs"
done

# A saved waiting session: small_linear after two replies, waiting at the SelectOne.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'ada lovelace\n36\n/save %s/saved.json\n/quit\n' "$tmp" |
    "$floip" chat "$flows/small_linear.json" >/dev/null
size=$(wc -c <"$tmp/saved.json" | tr -d ' ')
compact=$(python3 -c 'import json,sys; print(len(json.dumps(json.load(open(sys.argv[1])), separators=(",",":"), ensure_ascii=False).encode()))' "$tmp/saved.json" 2>/dev/null || echo "?")
echo "saved waiting session (small_linear, at favorite_exhibit): $size bytes as written, $compact bytes compact"
