#!/usr/bin/env bash
# floip serve under load: wrk drives real multi-turn simulations (bench_small_linear: a start and
# three answers each) over keep-alive loopback connections; then 100,000 idle simulations are
# started and the server's resident memory is read from /proc.
#   tests/bench/bench-server.sh [builddir] [seconds] [connections] [idle-simulations]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${FLOIP_BUILD:-${1:-$here/../../build-release}}
floip=${FLOIP:-$build/floip}
secs=${2:-10}
conns=${3:-4}
idle=${4:-100000}
command -v wrk >/dev/null || { echo "bench-server: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -x "$floip" ] || { echo "bench-server: $floip not built" >&2; exit 1; }

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir "$tmp/flows"
cp "$here/flows/small_linear.json" "$tmp/flows/"

# Starts floip serve on a free port; sets pid and url.
serve() {
    rm -f "$tmp/out"
    "$floip" serve --flows "$tmp/flows" --port 0 --no-access-log >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    for _ in $(seq 100); do
        grep -q listening "$tmp/out" 2>/dev/null && break
        sleep 0.05
    done
    url=$(sed -n 's/.*listening on //p' "$tmp/out")
    [ -n "$url" ] || { cat "$tmp/err" >&2; exit 1; }
}
# The live simulation count from /healthz (plain bash: no HTTP client needed).
health_simulations() {
    local hostport=${url#http://} body
    exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
    printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3
    body=$(cat <&3)
    exec 3<&-
    echo "$body" | sed -n 's/.*"simulations":\([0-9]*\).*/\1/p'
}
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
# The server's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=; }

echo "floip serve: $conns connections (one per wrk thread), ${secs}s, multi-turn simulations"
serve
before=$(cpu_ticks)
out=$(wrk -t"$conns" -c"$conns" -d"${secs}s" --latency -s "$here/server/turns.lua" "$url")
after=$(cpu_ticks)
echo "$out" | sed -n '/^turns\|^simulations/p'
# CPU time a turn is steadier than turns/s when other work shares the machine
turns=$(echo "$out" | sed -n 's/^turns \([0-9]*\) .*/\1/p')
took=$(echo "$out" | sed -n 's/^turns [0-9]* in \([0-9.]*\) s.*/\1/p')
awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="${turns:-0}" -v s="${took:-$secs}" 'BEGIN { if (n > 0)
    printf "server CPU: %.1f us a turn (%.0f%% of one core)\n", t / hz * 1e6 / n, t / hz * 100 / s }'
echo "server RSS after the run: $(rss_mib) MiB"
stop

serve
base=$(rss_mib)
threads=4
live=0
run=0
while [ "$live" -lt "$idle" ] && [ $run -lt 50 ]; do
    run=$((run + 1))
    per=$(( (idle - live + threads - 1) / threads ))
    wrk -t$threads -c$threads -d3s -s "$here/server/idle.lua" "$url" -- "$per" "$run" >/dev/null
    live=$(health_simulations)
done
after=$(rss_mib)
awk -v b="$base" -v a="$after" -v n="$live" 'BEGIN {
    printf "idle simulations: %d live, RSS %.1f MiB (empty server %.1f MiB): %.2f KiB each\n", n, a, b, (a - b) * 1024 / n }'
stop
