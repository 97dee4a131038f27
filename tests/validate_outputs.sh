#!/bin/bash
# ok and bad always succeed, so A && ok || bad is a plain if-then-else here.
# shellcheck disable=SC2015
# junit.xml validates against tests/schemas/junit.xsd (xmllint), kcidb.json against the KCIDB
# v5.0 fields (tests/schemas/kcidb-v5.0-subset.json, python3-jsonschema), summary.json parses,
# and each check is shown to reject a broken file.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
tmp=$(mktemp -d /var/tmp/daxprop-validate-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$bin" run --backing memfd,anon --property data,file --cases 20 --seed 2 --inject lost-write \
  --results "$tmp/r" >/dev/null 2>&1
run="$tmp/r/latest"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

jsonschema_check() {  # SCHEMA FILE
  "$py" - "$1" "$2" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.validate(json.load(open(sys.argv[2])), schema,
                    format_checker=jsonschema.FormatChecker())
PY
}

xmllint --noout --schema "$here/schemas/junit.xsd" "$run/junit.xml" 2>"$tmp/x.log" && ok || bad "junit.xml: $(cat "$tmp/x.log")"
sed 's/<testcase /<testcase bogus="1" /' "$run/junit.xml" > "$tmp/broken.xml"
xmllint --noout --schema "$here/schemas/junit.xsd" "$tmp/broken.xml" 2>/dev/null && bad "the XSD accepted a broken junit.xml" || ok

jsonschema_check "$here/schemas/kcidb-v5.0-subset.json" "$run/kcidb.json" 2>"$tmp/k.log" && ok || bad "kcidb.json: $(tail -3 "$tmp/k.log")"
sed 's/"status": "FAIL"/"status": "BROKEN"/' "$run/kcidb.json" > "$tmp/broken.json"
jsonschema_check "$here/schemas/kcidb-v5.0-subset.json" "$tmp/broken.json" 2>/dev/null && bad "the schema accepted status BROKEN" || ok
grep -q '"status": "FAIL"' "$run/kcidb.json" && ok || bad "kcidb.json has no FAIL test"

"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["counts"]["fail"] >= 1 and d["results"]' "$run/summary.json" && ok || bad "summary.json"

echo "outputs: $pass passed, $fail failed"
[ "$fail" = 0 ]
