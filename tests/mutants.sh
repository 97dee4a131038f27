#!/bin/bash
# The planted-bug corpus and its tools (mutants/): every patch names a property family and applies
# to Debian's 6.12 kernel source, every family has a mutant; mutants/run refuses bad options in
# one line; mutants/kill-table tells a killed mutant (a red gate the unmutated kernel's gate did
# not have) from a survivor (green, or red only where the unmutated kernel is) and from a new
# ERROR or an infrastructure exit (no verdict).
# ok and bad always succeed, so A && ok || bad is a plain if-then-else here.
# shellcheck disable=SC2015
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /var/tmp/daxprop-mutants-XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# --- the corpus ---
families="args data fault file fork kvm memfail pin race size sync"
for f in $families; do
  grep -l "^Aims at: $f\." "$root"/mutants/*.patch >/dev/null && ok || bad "no mutant aims at family $f"
done
paths=()
for p in "$root"/mutants/*.patch; do
  name=$(basename "$p" .patch)
  [ "$(sed -n 's/^Mutant: //p' "$p")" = "$name" ] && ok || bad "$p: its Mutant: line is not $name"
  fam=$(sed -n 's/^Aims at: \([a-z]*\)\..*/\1/p' "$p")
  [[ " $families " == *" $fam "* ]] && ok || bad "$p: 'Aims at:' names no family ($fam)"
  while read -r f; do paths+=("linux-source-6.12/$f"); done < <(sed -n 's|^--- a/||p' "$p")
done
tarball=/usr/src/linux-source-6.12.tar.xz
if [ -f "$tarball" ]; then
  mapfile -t paths < <(printf '%s\n' "${paths[@]}" | sort -u)
  tar -C "$tmp" -xf "$tarball" "${paths[@]}"
  for p in "$root"/mutants/*.patch; do
    (cd "$tmp/linux-source-6.12" && patch -p1 -F0 --dry-run -s -f < "$p" > /dev/null) && ok ||
      bad "$(basename "$p") does not apply to $tarball"
  done
else
  bad "$tarball is missing (apt-get install linux-source-6.12)"
fi

# --- mutants/run: bad options ---
for args in "--only no-such-mutant" "--frobnicate" "--tree" "--suite /nonexistent"; do
  st=0
  # shellcheck disable=SC2086 # the words are the arguments
  err=$("$root/mutants/run" $args 2>&1 >/dev/null) || st=$?
  [ "$st" = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && ok || bad "mutants/run $args -> $st: $err"
done

# --- mutants/kill-table on made-up runs ---
runs=$tmp/runs
mkdir -p "$runs"
mkrun() {  # mkrun ID RC VERDICT-OF-a VERDICT-OF-b: a run of two tests, a.x.y and b.x.y
  mkdir -p "$runs/$1"
  echo "$2" > "$runs/$1.rc"
  cat > "$runs/$1/summary.json" <<EOF
{"kernel": "6.12.118", "duration_s": 10, "counts": {"pass": 1},
 "results": [
  {"name": "a.x.y", "verdict": "$3", "signature": "sig-a", "first_failure_s": 2.5, "repro": "reproduced 3/3"},
  {"name": "b.x.y", "verdict": "$4", "signature": "sig-b", "first_failure_s": 1.0, "repro": ""}]}
EOF
}
mkrun t-base 1 pass fail            # b fails on the unmutated kernel too
mkrun t-killed 1 fail fail           # a is new: killed by a
mkrun t-survived 0 pass pass
mkrun t-shared 1 pass fail           # only b, which the unmutated kernel shares: it survived
mkrun t-newerror 1 error fail        # a new ERROR: no verdict
mkrun t-xpass 1 xpass fail
mkrun t-error 3 pass fail
rm -rf "$runs/t-error"               # an infrastructure exit without a summary
table=$(python3 "$root/mutants/kill-table" "$runs" t killed survived shared newerror xpass error 2>&1 |
  sed 's/^| \([a-z]*\) | [^|]* |/| \1 |/')
row() { printf '%s\n' "$table" | grep "^| $1 |"; }
[[ "$(row killed)" == "| killed | killed | a.x.y | sig-a | 2.5 s | reproduced 3/3 |"* ]] && ok || bad "killed: $(row killed)"
[[ "$(row survived)" == "| survived | survived | - |"* ]] && ok || bad "survived: $(row survived)"
[[ "$(row shared)" == "| shared | survived | - |"* ]] && ok || bad "shared: $(row shared)"
[[ "$(row newerror)" == "| newerror | no verdict | - |"* ]] && ok || bad "newerror: $(row newerror)"
[[ "$(row xpass)" == "| xpass | killed | a.x.y | sig-a |"* ]] && ok || bad "xpass: $(row xpass)"
[[ "$(row error)" == "| error | no verdict | - | - | - | - | - | rc 3 |" ]] && ok || bad "error: $(row error)"
printf '%s\n' "$table" | grep -q "^2 killed, 2 survived, 2 no verdict, of 6\.$" && ok || bad "counts: $table"
# The made-up mutants have no patch: kill-table says so in one line, exit 2.
st=0
err=$(python3 "$root/mutants/kill-table" "$runs" t no-such 2>&1) || st=$?
[ "$st" = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && ok || bad "kill-table without a gate -> $st: $err"

echo "mutants: $pass passed, $fail failed"
[ "$fail" = 0 ]
