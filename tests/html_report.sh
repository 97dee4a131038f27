#!/bin/bash
# report.html renders in a real headless browser (Debian's chromium) and shows what it must:
# the matrix with the failing test, the minimal trace, the reproducer's status, the op mix.
# A screenshot of it is kept in the run directory.
set -u
bin=$1
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "html report: chromium is not installed (runners/test installs it)"
  exit 1
fi
tmp=$(mktemp -d /var/tmp/daxprop-html-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The runs (and the screenshot) are kept beside the binary for a person to look at.
keep="$(dirname "$(readlink -f "$bin")")/html-report"
rm -rf "$keep"
mkdir -p "$keep"
# Two real runs: a healthy one (pass and skip cells) and one with a simulated kernel bug
# (failures with traces and reproducers).
"$bin" run --backing memfd,anon --property data,file --cases 20 --seed 2 \
  --results "$keep/healthy" >/dev/null 2>&1
"$bin" run --backing memfd,anon --property data,file --cases 40 --seed 2 --inject lost-write \
  --results "$keep/failing" >/dev/null 2>&1
healthy=$(readlink -f "$keep/healthy/latest")
run=$(readlink -f "$keep/failing/latest")
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$tmp/profile")
render() { timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$1/report.html" 2>/dev/null; }
dom="$(render "$healthy")
$(render "$run")"
timeout 120 "$browser" "${flags[@]}" --window-size=1280,1600 --screenshot="$run/report.png" \
  "file://$run/report.html" >/dev/null 2>&1
pass=0 fail=0
check() {  # check DESCRIPTION PATTERN
  if printf '%s' "$dom" | grep -q -- "$2"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: rendered report lacks $1 ($2)"
  fi
}
check "the run title" "<h1>daxprop run "
check "the matrix" 'id="matrix"'
check "a failing cell" '<td class="fail"[^>]*>fail'
check "a passing cell" '<td class="pass"[^>]*>pass'
check "a skipped cell" '<td class="skip"[^>]*>skip'
check "a skip reason" 'anon has no file'
check "the minimal trace" 'daxprop-trace 1'
check "the reproducer status" 'C reproducer: not reproduced'
check "the op mix" 'id="opmix"'
check "backing facts" 'id="backings"'
if [ -s "$run/report.png" ] && [ "$(head -c 4 "$run/report.png" | od -An -c | tr -d ' ')" = '211PNG' ]; then
  pass=$((pass + 1))
  echo "screenshot: $run/report.png"
else
  fail=$((fail + 1))
  echo "FAIL: no screenshot at $run/report.png"
fi
echo "html report: $pass passed, $fail failed"
[ "$fail" = 0 ]
