#!/bin/bash
# Sharding on this host's controls: the parts --shard 1/3, 2/3 and 3/3 of a run, merged, are the
# unsharded run test by test (the same tests in the same order, each with the same cases, ops,
# op mix and verdict); the comparison catches a part that ran something else; a part that
# ended early leaves ERRORs, not passes; bad parts and bad --shard values are one-line errors.
# ok and bad always succeed, so A && ok || bad is a plain if-then-else here.
# shellcheck disable=SC2015
set -u
bin=$1
tmp=$(mktemp -d /var/tmp/daxprop-shard-XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Each test of a run as one line: name, verdict, cases, ops, signature, op mix, outcomes.
tests_of() {
  /usr/bin/python3 - "$1/summary.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["name"], r["verdict"], r["cases"], r["ops"], repr(r["signature"]),
          sorted(r["op_mix"].items()), sorted(r["op_outcomes"].items()))
PY
}
# KTAP without the run line and the durations.
ktap_of() { sed -E 's/, [0-9.]+ s$//; /^# daxprop run /d' "$1/ktap.txt"; }

sel=(--backing "anon,memfd,tmpfs_file" --property "data,fork,args,pin,regress" --cases 10 --known-issues none)
st=0
"$bin" run "${sel[@]}" --results "$tmp" --run-id whole >/dev/null 2>&1 || st=$?
for i in 1 2 3; do
  s=0
  "$bin" run "${sel[@]}" --shard "$i/3" --results "$tmp/parts" --run-id "part$i" >/dev/null 2>&1 || s=$?
  case $s in 0 | 1) ok ;; *) bad "--shard $i/3 exited $s" ;; esac
  [ -s "$tmp/parts/part$i/progress.jsonl" ] && ok || bad "--shard $i/3 ran no test"
done
mst=0
"$bin" merge --out "$tmp/merged" "$tmp/parts/part2" "$tmp/parts/part3" "$tmp/parts/part1" >"$tmp/merge.out" 2>&1 || mst=$?
[ "$mst" = "$st" ] && ok || bad "merge exited $mst, the unsharded run $st"
if diff <(tests_of "$tmp/whole") <(tests_of "$tmp/merged") >"$tmp/diff.txt"; then ok; else bad "the merged parts differ from the whole run: $(head -4 "$tmp/diff.txt")"; fi
if diff <(ktap_of "$tmp/whole") <(ktap_of "$tmp/merged") >"$tmp/kdiff.txt"; then ok; else bad "the merged KTAP differs: $(head -4 "$tmp/kdiff.txt")"; fi
n=$(tests_of "$tmp/whole" | wc -l)
[ "$n" -ge 20 ] && ok || bad "the unsharded run had only $n tests"
# Each part ran a real share: none is empty or the whole.
for i in 1 2 3; do
  k=$(grep -c '"name"' "$tmp/parts/part$i/progress.jsonl")
  [ "$k" -gt 0 ] && [ "$k" -lt "$n" ] && ok || bad "part $i/3 ran $k of $n tests"
done
for f in junit.xml kcidb.json report.html; do [ -s "$tmp/merged/$f" ] && ok || bad "merged run has no $f"; done
# The merged run's machine-readable files are as valid as a run's (the schemas of validate_outputs.sh).
schemas=$(cd "$(dirname "$0")" && pwd)/schemas
xmllint --noout --schema "$schemas/junit.xsd" "$tmp/merged/junit.xml" 2>/dev/null && ok || bad "the merged junit.xml does not validate"
/usr/bin/python3 - "$schemas/kcidb-v5.json" "$tmp/merged/kcidb.json" <<'PY' && ok || bad "the merged kcidb.json does not validate"
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])),
                    format_checker=jsonschema.FormatChecker())
PY
/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if [x["shard"] for x in s["shards"]] == ["1/3", "2/3", "3/3"] else 1)' \
  "$tmp/merged/summary.json" && ok || bad "summary.json does not list the three parts"

# The comparison fails on a wrong observation: a part whose test ran other cases.
cp -r "$tmp/parts" "$tmp/wrong"
sed -i '0,/"cases": 10,/s//"cases": 9,/' "$tmp/wrong/part2/progress.jsonl"
"$bin" merge --out "$tmp/merged-wrong" "$tmp/wrong/part1" "$tmp/wrong/part2" "$tmp/wrong/part3" >/dev/null 2>&1
diff -q <(tests_of "$tmp/whole") <(tests_of "$tmp/merged-wrong") >/dev/null && bad "a part with other cases went unnoticed" || ok

# A part that ended before its last tests: they are ERRORs and the merged run is not green.
cp -r "$tmp/parts" "$tmp/short"
head -n 1 "$tmp/parts/part1/progress.jsonl" >"$tmp/short/part1/progress.jsonl"
rm -f "$tmp/short/part1/summary.json"
est=0
"$bin" merge --out "$tmp/merged-short" "$tmp/short/part1" "$tmp/short/part2" "$tmp/short/part3" >/dev/null 2>&1 || est=$?
[ "$est" = 1 ] && ok || bad "a part that ended early merged with exit $est (want 1)"
grep -q '^not ok [0-9]* .*$' "$tmp/merged-short/ktap.txt" && grep -q 'no result: part 1/3 (.*) ended before this test' "$tmp/merged-short/ktap.txt" &&
  ok || bad "the tests a part never ran are not ERRORs"

# A part whose guest kernel went down in a test and did not come back (runners/run kept
# vm-failure.txt and the console): that test is a FAIL with the console's report, not an ERROR.
cp -r "$tmp/parts" "$tmp/down"
last=$(tail -n 1 "$tmp/parts/part2/progress.jsonl" | sed 's/^{"name": "\([^"]*\)".*/\1/')
head -n -1 "$tmp/parts/part2/progress.jsonl" >"$tmp/down/part2/progress.jsonl"
rm -f "$tmp/down/part2/summary.json"
printf 'guest: panic: [   9.1] Kernel panic - not syncing: planted\njournal: %s\n' \
  "$tmp/down/part2/journal/$last.journal" >"$tmp/down/part2/vm-failure.txt"
printf '[   9.0] daxprop: begin %s\n[   9.1] Kernel panic - not syncing: planted\n' "$last" >"$tmp/down/part2/console.log"
dst=0
"$bin" merge --out "$tmp/merged-down" "$tmp/down/part1" "$tmp/down/part2" "$tmp/down/part3" >/dev/null 2>&1 || dst=$?
[ "$dst" = 1 ] && ok || bad "a part that went down merged with exit $dst (want 1)"
grep -A 12 "^# $last: " "$tmp/merged-down/ktap.txt" | grep -q '^# signature: Kernel panic - not syncing: planted$' &&
  grep -q "^not ok [0-9]* $last\$" "$tmp/merged-down/ktap.txt" && ok ||
  bad "the test $last a part went down in is not a FAIL with the console's report"

# Bad input: one line on stderr, exit 2.
expect_bad() {  # expect_bad PATTERN ARGS...
  local pattern=$1 err s=0
  shift
  err=$("$bin" "$@" 2>&1 >/dev/null) || s=$?
  if [ "$s" = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && grep -q -- "$pattern" <<<"$err"; then ok; else bad "daxprop $* -> $s: $err"; fi
}
expect_bad "missing: 3/3" merge --out "$tmp/m1" "$tmp/parts/part1" "$tmp/parts/part2"
expect_bad "part 2/3 given twice" merge --out "$tmp/m2" "$tmp/parts/part1" "$tmp/parts/part2" "$tmp/parts/part2"
cp -r "$tmp/parts" "$tmp/extra"
head -n 1 "$tmp/parts/part1/progress.jsonl" >>"$tmp/extra/part2/progress.jsonl"
expect_bad "which is not in its part of the plan" merge --out "$tmp/m5" "$tmp/extra/part1" "$tmp/extra/part2" "$tmp/extra/part3"
expect_bad "no plan.json" merge --out "$tmp/m3" "$tmp/parts/part1" "$tmp" "$tmp/parts/part3"
expect_bad "needed" merge "$tmp/parts/part1"
"$bin" run "${sel[@]}" --seed 7 --shard 3/3 --results "$tmp/other" --run-id part3 >/dev/null 2>&1
expect_bad "its seed differs" merge --out "$tmp/m4" "$tmp/parts/part1" "$tmp/parts/part2" "$tmp/other/part3"
for v in 0/3 4/3 3 a/b 1/0 1/257; do expect_bad "bad --shard '$v'" run --check-args --shard "$v"; done

echo "shard/merge checks: $pass passed, $fail failed"
[ "$fail" = 0 ]
