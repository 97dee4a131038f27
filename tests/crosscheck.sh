#!/bin/bash
# The differential test of the runtime: generated traces on every control backing, run by the
# executor and by their emitted repro.c, must name the same first disagreeing op (none, as
# the kernel behaves; the planted op, with one expectation altered). And the check can fail: with
# the reproducer's ops skewed (offsets a page further, other patterns) they disagree.
# bad always succeeds, so A && B || bad is a plain if-then-else here.
# shellcheck disable=SC2015
set -u
bin=$1
tmp=$(mktemp -d /var/tmp/daxprop-crosscheck-XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail=0
bad() { fail=1; echo "FAIL: $*"; }

n=0
for b in anon memfd tmpfs_file hugetlb_2m; do
  for p in data.coherence fault.access args.validation fork.visibility file.size pin.contract; do
    [ "$b:$p" != anon:file.size ] || continue
    "$bin" gen --backing "$b" --property "$p" --count 3 --seed 11 --max-ops 32 --out "$tmp/t" >/dev/null ||
      bad "gen $b $p"
  done
done
rm -f "$tmp"/t/*.0000.txt  # the first of a generated series has a single op
traces=("$tmp"/t/*.txt)
n=${#traces[@]}

st=0
"$bin" crosscheck --plant "${traces[@]}" > "$tmp/plain.log" 2>&1 || st=$?
agree=$(grep -c '^AGREE ' "$tmp/plain.log")
planted=$(grep -c '^AGREE .*(planted at op [0-9]*): both fail at op' "$tmp/plain.log")
# Every planted variant fails at its planted op on both sides.
wrong_op=$(grep '^AGREE .*(planted at op' "$tmp/plain.log" |
  sed -E 's/.*planted at op ([0-9]+)\): both fail at op ([0-9]+)$/\1 \2/' | awk '$1 != $2' | wc -l)
[ "$st" = 0 ] || bad "crosscheck --plant exited $st"
grep '^DISAGREE\|^SKIP' "$tmp/plain.log" | head -5
[ "$agree" -ge $((2 * n * 9 / 10)) ] || bad "only $agree of $((2 * n)) variants of $n traces agreed"
[ "$planted" -ge $((n * 9 / 10)) ] || bad "only $planted planted variants failed on both sides"
# A planted op that a kernel bug precedes fails earlier, on both sides alike: rare, not the rule.
[ "$wrong_op" -le $((n / 10)) ] || bad "$wrong_op planted variants failed before their planted op"

st=0
"$bin" crosscheck --skew-repro "${traces[@]:0:12}" > "$tmp/skew.log" 2>&1 || st=$?
skewed=$(grep -c '(reproducer skewed)' "$tmp/skew.log")
disagree=$(grep -c '^DISAGREE .*(reproducer skewed)' "$tmp/skew.log")
[ "$st" = 1 ] || bad "crosscheck --skew-repro exited $st, not 1"
[ "$skewed" -ge 8 ] && [ "$disagree" -ge $((skewed * 8 / 10)) ] ||
  bad "a skewed reproducer went unnoticed: $disagree of $skewed disagreed"
grep -q '^DISAGREE .*executor: every op agrees; reproducer: op [0-9]* (' "$tmp/skew.log" ||
  bad "no disagreement names the reproducer's op"

# Bad input: one line, exit 2.
st=0
"$bin" crosscheck "$tmp/no-such-trace.txt" > "$tmp/bad.log" 2>&1 || st=$?
[ "$st" = 2 ] && [ "$(wc -l < "$tmp/bad.log")" = 1 ] || bad "a missing trace: exit $st, $(cat "$tmp/bad.log")"

echo "crosscheck: $n traces, $agree variants agreed ($planted planted), skewed $disagree/$skewed disagreed"
[ "$fail" = 0 ] || { [ -n "${KEEP:-}" ] || cp "$tmp"/*.log /var/tmp/ 2>/dev/null; exit 1; }
