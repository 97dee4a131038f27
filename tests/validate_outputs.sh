#!/bin/bash
# ok and bad always succeed, so A && ok || bad is a plain if-then-else here.
# shellcheck disable=SC2015
# junit.xml validates against tests/schemas/junit.xsd (xmllint), kcidb.json against the real
# KCIDB I/O schema (tests/schemas/kcidb-v5.json: v5.3 as kernelci/kcidb-io's kcidb_io/schema/
# v05_03.py generates it; python3-jsonschema), summary.json parses, and each check is shown to
# reject a broken file.
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
tmp=$(mktemp -d /var/tmp/daxprop-validate-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# One known failure (an XFAIL: KCIDB issue + incident), the rest real failures.
printf 'format: 1\nissues:\n  - id: lost\n    tests: [data.memfd.coherence]\n    signatures: ["*"]\n    url: https://example.org/lost\n' > "$tmp/k.yaml"
"$bin" run --backing memfd,anon --property data,file --cases 20 --seed 2 --inject lost-write \
  --known-issues "$tmp/k.yaml" --kcidb-origin daxprop_ci --kcidb-git-commit 0123456789abcdef0123456789abcdef01234567 \
  --kcidb-git-url https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git --kcidb-tree stable \
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

schema="$here/schemas/kcidb-v5.json"
jsonschema_check "$schema" "$run/kcidb.json" 2>"$tmp/k.log" && ok || bad "kcidb.json: $(tail -3 "$tmp/k.log")"
sed 's/"status": "FAIL"/"status": "BROKEN"/' "$run/kcidb.json" > "$tmp/broken.json"
jsonschema_check "$schema" "$tmp/broken.json" 2>/dev/null && bad "the schema accepted status BROKEN" || ok
sed 's/"status": "FAIL"/"status": "FAIL", "waived": true/' "$run/kcidb.json" > "$tmp/waived.json"
jsonschema_check "$schema" "$tmp/waived.json" 2>/dev/null && bad "the schema accepted waived (not in v5)" || ok
sed 's/"origin": "daxprop_ci"/"origin": "DaxProp"/' "$run/kcidb.json" > "$tmp/origin.json"
jsonschema_check "$schema" "$tmp/origin.json" 2>/dev/null && bad "the schema accepted origin DaxProp" || ok
grep -q '"status": "FAIL"' "$run/kcidb.json" && ok || bad "kcidb.json has no FAIL test"
"$py" - "$run/kcidb.json" <<'PY' && ok || bad "kcidb.json lacks the issue, incident, checkout or excerpt"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["checkouts"][0]
assert c["origin"] == "daxprop_ci" and c["git_commit_hash"] == "0123456789abcdef0123456789abcdef01234567", c
assert c["tree_name"] == "stable" and c["git_repository_url"].startswith("https://"), c
assert [i["id"] for i in d["issues"]] == ["daxprop_ci:lost"], d["issues"]
inc = d["incidents"]
assert len(inc) == 1 and inc[0]["present"] is True and inc[0]["test_id"].endswith(":data.memfd.coherence"), inc
ids = [t["id"] for t in d["tests"]]
assert len(ids) == len(set(ids)), "test ids not unique"
fails = [t for t in d["tests"] if t["status"] == "FAIL"]
assert fails and all(t.get("log_excerpt") for t in fails), "a FAIL without its trace"
assert all(t["misc"]["test_source"] == "daxprop" and t["misc"]["test_revision"] for t in d["tests"])
assert all("environment" in t for t in d["tests"])
PY

"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["counts"]["fail"] >= 1 and d["results"]' "$run/summary.json" && ok || bad "summary.json"

echo "outputs: $pass passed, $fail failed"
[ "$fail" = 0 ]
