#!/usr/bin/env bash
# bench-harness.sh [FLOIP]: generates a suite of 1,000 journey tests (800 Lua tests in 100 files
# and 200 transcripts, over the registration and quiz journeys of flows/) and times
# `floip test` on it, on one thread and on two. The issue's budget: under 2 seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
floip=${1:-${FLOIP:-$root/build-release/floip}}
[ -x "$floip" ] || { echo "bench-harness: no floip binary at $floip" >&2; exit 2; }

suite=$(mktemp -d)
trap 'rm -rf "$suite"' EXIT
cp "$root/flows/registration/registration.json" "$root/flows/quiz/quiz.json" "$suite/"

for f in $(seq 1 100); do
    {
        echo 'local function reg() return simulation.start({journey = "registration.json", contact = {name = "Ada"}}) end'
        echo 'local function quiz() return simulation.start({journey = "quiz.json"}) end'
        echo "describe(\"file $f\", function()"
        for t in 1 2 3 4; do
            cat <<EOF
  test("registers $t", function()
    local sim = reg():send("ada lovelace"):send("$((17 + t))")
    assert.buttons(sim, {"Yes, I agree", "No"})
    sim:press("Yes, I agree")
    assert(sim.ended)
    assert.contains(sim.text, "You are registered, Ada Lovelace.")
  end)
  test("quiz $t", function()
    local sim = quiz():press(1):press($(( (t % 3) + 1 ))):press("Fever")
    assert(sim.ended)
    assert.matches(sim.text, "You scored [0-3]/3")
  end)
EOF
        done
        echo "end)"
    } >"$suite/suite_${f}_test.lua"
done

for f in $(seq 1 200); do
    cat >"$suite/t${f}.transcript.json" <<EOF
{"flow": "registration.json", "contact": {"name": "T$f"},
 "steps": [{"expect": {"block": "ask_name"}}, {"send": "Tess $f"}, {"send": "$((f % 100 + 18))"},
           {"expect": {"buttons": ["Yes, I agree", "No"], "block": "ask_consent"}},
           {"press": "No"}, {"expect": {"state": "end", "text_contains": "nothing was saved"}}]}
EOF
done

# Wall time is what the budget is about; CPU time (user + system) says how much of it was floip's
# own work when the machine is busy with other things.
TIMEFORMAT='%R %U %S'
for jobs in 1 2; do
    { time "$floip" test --no-color -j "$jobs" "$suite" >"$suite/out.txt"; } 2>"$suite/time.txt" || true
    out=$(tail -n 1 "$suite/out.txt")
    read -r wall user sys <"$suite/time.txt"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
    echo "floip test -j $jobs: 1000 journey tests ($out) in ${wall}s wall, ${cpu}s CPU (budget 2s)"
    [ "$out" = "1000 passed, 0 failed" ] || { echo "bench-harness: the suite did not pass" >&2; exit 1; }
done
