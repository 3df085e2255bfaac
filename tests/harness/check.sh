#!/usr/bin/env bash
# check.sh FLOIP SOURCE_DIR WORK_DIR: tests of `floip test` itself. Runs it on the deliberately
# failing, passing and broken suites under tests/harness/ and compares the exact report, TAP,
# JUnit XML, exit codes, coverage and --update with what is expected.
set -u
FLOIP=$1
SRC=$2
WORK=$3
EXP=$SRC/tests/harness/expected
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$SRC" || exit 1
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# run NAME EXPECTED_EXIT ARGS...: stdout goes to $WORK/NAME.out, stderr to $WORK/NAME.err
run() {
    local name=$1 want=$2
    shift 2
    "$FLOIP" test --no-color "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
    local got=$?
    [ "$got" = "$want" ] || fail "$name: exit $got, expected $want (stderr: $(head -c 400 "$WORK/$name.err"))"
}

same() { # same NAME FILE EXPECTED_FILE
    diff -u "$3" "$2" >"$WORK/$1.diff" || {
        fail "$1: output differs from $(basename "$3")"
        cat "$WORK/$1.diff"
    }
}

LIMITS=(--max-instructions 1000000)

# 1. the human report of failing tests, exit 1
run failing 1 "${LIMITS[@]}" tests/harness/failing
same failing "$WORK/failing.out" "$EXP/failing.txt"

# 2. the same files on 4 threads: the same report
run failing_j4 1 "${LIMITS[@]}" -j 4 tests/harness/failing
same failing_j4 "$WORK/failing_j4.out" "$EXP/failing.txt"

# 3. TAP
run failing_tap 1 "${LIMITS[@]}" --tap tests/harness/failing
same failing_tap "$WORK/failing_tap.out" "$EXP/failing.tap"

# 4. JUnit XML (times vary: they are blanked)
run failing_junit 1 "${LIMITS[@]}" --junit "$WORK/junit.xml" tests/harness/failing
sed -E 's/time="[0-9.]+"/time="T"/g' "$WORK/junit.xml" >"$WORK/junit.norm.xml"
same failing_junit "$WORK/junit.norm.xml" "$EXP/failing.junit.xml"
if command -v xmllint >/dev/null; then
    xmllint --noout "$WORK/junit.xml" || fail "junit: not well-formed XML"
fi

# 5. all passing, exit 0
run passing 0 tests/harness/passing
same passing "$WORK/passing.out" "$EXP/passing.txt"

# 6. unusable files, exit 2
run broken 2 tests/harness/broken
same broken "$WORK/broken.out" "$EXP/broken.txt"

# 7. the sandbox
run sandbox 0 --max-memory 8000000 tests/harness/sandbox
tail -n 1 "$WORK/sandbox.out" | grep -qx "5 passed, 0 failed" || fail "sandbox: $(cat "$WORK/sandbox.out")"

# 8. usage errors, exit 2
run missing 2 tests/harness/no-such-dir
grep -q "no-such-dir: no such file or directory" "$WORK/missing.err" || fail "missing: $(cat "$WORK/missing.err")"
run badopt 2 --frobnicate tests/harness/passing
grep -q "unknown option --frobnicate" "$WORK/badopt.err" || fail "badopt: $(cat "$WORK/badopt.err")"
run nofiles 2 tests/harness/fixtures
grep -q "no \*_test.lua or \*.transcript.json files found" "$WORK/nofiles.err" || fail "nofiles"

# 9. --filter (substring and glob)
run filter 0 --filter tea tests/harness/passing
[ "$(tail -n 1 "$WORK/filter.out")" = "1 passed, 0 failed" ] || fail "filter: $(cat "$WORK/filter.out")"
run filter_glob 0 --filter 'hello > *' tests/harness/passing
[ "$(tail -n 1 "$WORK/filter_glob.out")" = "2 passed, 0 failed" ] || fail "filter_glob: $(cat "$WORK/filter_glob.out")"

# 10. coverage: the JSON report and --min-coverage
run coverage 0 --coverage --coverage-json "$WORK/cov.json" --min-coverage 100 tests/harness/passing
grep -q '"percent": 100' "$WORK/cov.json" || fail "coverage json: $(cat "$WORK/cov.json")"
grep -q "hello (tests/harness/fixtures/hello.json): blocks 4/4 (100.0%), exits 5/5 (100.0%)" "$WORK/coverage.out" || fail "coverage text: $(cat "$WORK/coverage.out")"
run coverage_low 1 --coverage --min-coverage 100 --filter "greets by name" tests/harness/passing
grep -q "block never taken: bye" "$WORK/coverage_low.out" || fail "coverage_low: $(cat "$WORK/coverage_low.out")"
grep -q "exit never taken:  pick -> tea" "$WORK/coverage_low.out" || fail "coverage_low exits"
grep -q "under the required 100.0%" "$WORK/coverage_low.out" || fail "coverage_low threshold"
[ "$(tail -n 1 "$WORK/coverage_low.out")" = "1 passed, 0 failed" ] || fail "coverage_low summary"

# 11. --update rewrites the golden keys and leaves the others
mkdir -p "$WORK/upd/fixtures" "$WORK/upd/t"
cp tests/harness/fixtures/hello.json "$WORK/upd/fixtures/"
cat >"$WORK/upd/t/golden.transcript.json" <<'EOF'
{"flow": "../fixtures/hello.json", "contact": {"name": "Bo"},
 "steps": [{"send": "Bo"}, {"expect": {"text": "old text", "text_contains": "Hello"}},
           {"press": "Tea"}, {"expect": {}}]}
EOF
run update 0 --update "$WORK/upd/t"
grep -q '"text": "Hello Bo!\\nTea or coffee?"' "$WORK/upd/t/golden.transcript.json" || fail "update text: $(cat "$WORK/upd/t/golden.transcript.json")"
grep -q '"text_contains": "Hello"' "$WORK/upd/t/golden.transcript.json" || fail "update kept keys"
grep -q '"state": "end"' "$WORK/upd/t/golden.transcript.json" || fail "update added state"
run update_again 0 "$WORK/upd/t"

# 12. floip record: a chat saved as a transcript and as a Lua test, both of which then pass
mkdir -p "$WORK/rec"
printf 'Ada\n/wait 5m\nCoffee\n' | "$FLOIP" record tests/harness/fixtures/hello.json \
    --contact '{"name": "Ada"}' -o "$WORK/rec/ada.transcript.json" >"$WORK/rec.out" 2>&1 ||
    fail "record transcript: $(cat "$WORK/rec.out")"
printf 'Ada\nTea\n' | "$FLOIP" record tests/harness/fixtures/hello.json \
    --contact '{"name": "Ada"}' -o "$WORK/rec/tea_test.lua" >"$WORK/rec.out" 2>&1 ||
    fail "record lua: $(cat "$WORK/rec.out")"
grep -q '"wait": "5m"' "$WORK/rec/ada.transcript.json" || fail "record: no wait step"
grep -q 'sim:send("Tea")' "$WORK/rec/tea_test.lua" || fail "record: no send in the Lua test"
run recorded 0 "$WORK/rec"
[ "$(tail -n 1 "$WORK/recorded.out")" = "2 passed, 0 failed" ] || fail "recorded: $(cat "$WORK/recorded.out")"
"$FLOIP" record tests/harness/fixtures/hello.json </dev/null >/dev/null 2>"$WORK/record_usage.err"
[ $? = 2 ] || fail "record without -o should exit 2"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all harness checks passed"
