#!/bin/bash
# Bad input gets one clear line on stderr and exit status 2, never a crash or a silent default.
set -u
bin=$1
tmp=$(mktemp -d /var/tmp/daxprop-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

expect() {  # expect STATUS PATTERN -- ARGS...
  local want=$1 pattern=$2
  shift 3
  local out status
  out=$("$bin" "$@" 2>&1 >/dev/null)
  status=$?
  local lines
  lines=$(printf '%s' "$out" | grep -c '')
  if [ "$status" = "$want" ] && printf '%s' "$out" | grep -q -- "$pattern" && [ "$lines" -le 1 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: daxprop $* -> status $status (want $want), stderr: $out"
  fi
}

printf 'not a trace\n' > "$tmp/bad.txt"
printf 'daxprop-trace 1\nbacking nosuch\n---\n' > "$tmp/nobacking.txt"
printf 'daxprop-trace 1\nbacking memfd\n---\nread m3+0x0 len=0x1\n' > "$tmp/nomap.txt"

expect 2 "unknown command 'frob'" -- frob
expect 2 "bugreport needs a failure directory" -- bugreport
expect 2 "no trace.min.txt or trace.txt" -- bugreport "$tmp"
expect 2 "unknown option '--colour' for bugreport" -- bugreport --colour "$tmp"
expect 2 "--kernel-tree $tmp: no MAINTAINERS there" -- bugreport --kernel-tree "$tmp" "$tmp"
expect 2 "provision takes exactly one backing id" -- provision
expect 2 "unknown backing 'nosuch'" -- provision nosuch
expect 2 "unknown backing 'nosuch'" -- run --backing nosuch
expect 2 "unknown backing 'x'" -- run --backing memfd,x
expect 2 "unknown property 'data.nope'" -- run --property data.nope
expect 2 "bad --budget '10q'" -- run --budget 10q
expect 2 "bad --budget '-5'" -- run --budget -5
expect 2 "bad --cases 'many'" -- run --cases many
expect 2 "bad --cases '0'" -- run --cases 0
expect 2 "bad --seed '12ab'" -- run --seed 12ab
expect 2 "bad --inject 'everything'" -- run --inject everything
expect 2 "--seed needs a value" -- run --seed
expect 2 "unknown option '--colour'" -- run --colour red
expect 2 "--namespace needs a value" -- run --namespace
expect 2 "cannot read trace" -- replay "$tmp/missing.txt"
expect 2 "bad.txt:1: not a daxprop trace" -- replay "$tmp/bad.txt"
expect 2 "unknown backing 'nosuch'" -- replay "$tmp/nobacking.txt"
expect 2 "op 1 (read m3+0x0 len=0x1) refers to" -- replay "$tmp/nomap.txt"
expect 2 "replay needs a trace file" -- replay
expect 2 "emit takes exactly one trace file" -- emit
expect 2 "gen needs --backing" -- gen --count 3
expect 2 "unknown backing 'zz'" -- gen --backing zz --property data.coherence --count 1 --out "$tmp/g"
expect 2 "does not apply to anon" -- gen --backing anon --property file.size --count 1 --out "$tmp/g"
expect 2 "bad --count 'x'" -- gen --count x
expect 2 "list takes no arguments" -- list extra
expect 2 "cannot read known-issues file" -- run --known-issues "$tmp/missing.yaml"
printf 'format: 1\nissues: {}\n' > "$tmp/ki.yaml"
expect 2 "ki.yaml: issues must be a list" -- run --known-issues "$tmp/ki.yaml"
expect 2 "bad --kcidb-origin 'Lab-1'" -- run --kcidb-origin Lab-1
expect 2 "bad --kcidb-git-commit 'abc'" -- run --kcidb-git-commit abc
expect 2 "bad --kcidb-git-url 'git://x'" -- run --kcidb-git-url git://x
expect 2 "unknown option '--kcidb-colour'" -- run --kcidb-colour x
expect 2 "bad --inject 'lost-write@'" -- run --inject lost-write@
expect 2 "--explore needs --budget" -- run --explore
expect 2 "--swarm takes no value" -- run --swarm=1
expect 2 "--explore takes no value" -- run --explore=1
expect 2 "compare takes two run directories" -- compare "$tmp"
expect 2 "cannot read $tmp/summary.json" -- compare "$tmp" "$tmp"
expect 2 "unknown option '--html' for compare" -- compare --html a b

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
