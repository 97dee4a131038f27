#!/bin/bash
# daxprop bugreport: every section of the report is there and says something, for the three
# kinds of finding (a kernel-log report, a hang, wrong data); the maintainers come from the
# kernel tree's MAINTAINERS; a known finding carries its id, contract and upstream status.
set -u
bin=$1
tmp=$(mktemp -d /var/tmp/daxprop-bugreport-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {  # check WHAT COMMAND...: counts a pass or prints the failure
  local what=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
after() {  # after HEADING N PATTERN FILE: a line matching PATTERN within N lines after HEADING
  grep -A"$2" -- "$1" "$4" | grep -q -- "$3"
}
header() {
  printf 'daxprop-trace 1\nversion 0.1.0\nproperty %s\nbacking %s\nseed 7\nreproduce -\nkernel 6.12.117+deb12-amd64\ninject none\n---\n' "$1" "$2"
}

# A run directory: summary.json, vm.json, kernel.config, failures/<test>/.
run=$tmp/run
mkdir -p "$run/failures/kvm.devdax_1g.memslot" "$run/failures/regress.devdax_1g.hang" "$run/failures/data.devdax_2m.coherence"
cat > "$run/summary.json" <<'JSON'
{"format": 2, "kernel": "6.12.117+deb12-amd64", "vm": {"accelerator": "tcg"},
 "backings": [{"id": "devdax_1g", "ready": true, "facts": {"device": "/dev/dax0.0", "align": "1G"}}],
 "results": []}
JSON
printf '{"accel": "tcg", "kernel_release": "6.12.117+deb12-amd64", "qemu_cmdline": "qemu-system-x86_64 -M q35,nvdimm=on"}\n' > "$run/vm.json"
printf 'CONFIG_FS_DAX=y\nCONFIG_DEV_DAX=m\nCONFIG_TRANSPARENT_HUGEPAGE=y\n# CONFIG_DEBUG_VM is not set\n' > "$run/kernel.config"

kmsg=$run/failures/kvm.devdax_1g.memslot
{ header kvm.memslot devdax_1g
  echo 'map m0 len=0x40000000 off=0x0 prot=rw flags=shared  # => ok'
  echo 'read m0+0x0 len=0x10  # => ok crc=0xecbb4b55'
  echo 'mremap m0 old=0x40000000 len=0x40000000 move=fixed  # => ok'
} > "$kmsg/trace.min.txt"
cat > "$kmsg/result.json" <<'JSON'
{"name": "kvm.devdax_1g.memslot", "status": "fail", "verdict": "fail",
 "signature": "bad pud in mm/pgtable-generic.c:42 during mremap",
 "message": "kernel log: mm/pgtable-generic.c:42: bad pud 00000000b6b6ef12(82000002400000a7)\n(the kernel logged it during op 3 (mremap m0 old=0x40000000 len=0x40000000 move=fixed))",
 "kmsg": ["mm/pgtable-generic.c:42: bad pud 00000000b6b6ef12(82000002400000a7)"],
 "repro": "confirmed 3/3"}
JSON
printf '/* daxprop reproducer */\nint main(void) { return 0; }\n' > "$kmsg/repro.c"

hang=$run/failures/regress.devdax_1g.hang
{ header regress devdax_1g
  echo 'map m0 len=0x40000000 off=0x0 prot=none flags=shared  # => ok'
  echo 'pin m0+0x1000 len=0x10 via=proc_mem'
} > "$hang/trace.txt"
cat > "$hang/result.json" <<'JSON'
{"name": "regress.devdax_1g.hang", "status": "fail", "verdict": "fail", "signature": "hang in pin via=proc_mem",
 "message": "case did not finish within 30.000000 s (hung in: pin m0+0x1000 len=0x10 via=proc_mem)",
 "repro": "confirmed 3/3"}
JSON
printf 'tasks of process group 812:\n812/812 daxprop state R wchan -\n  __x64_sys_pread64+0x9a/0xc0\nother tasks in D state:\n  (none)\n' > "$hang/stacks.txt"

data=$run/failures/data.devdax_2m.coherence
{ header data.coherence devdax_2m
  echo 'map m0 len=0x400000 off=0x0 prot=rw flags=shared  # => ok'
  echo 'write m0+0x0 len=0x400000 pat=0x7  # => ok'
  echo 'map m1 len=0x200000 off=0x1000 prot=r flags=shared  # => ok'
  echo 'read m1+0x0 len=0x1000  # => ok crc=0xbfb8f280'
} > "$data/trace.min.txt"
cat > "$data/result.json" <<'JSON'
{"name": "data.devdax_2m.coherence", "status": "fail", "verdict": "fail", "signature": "read: bytes differ",
 "message": "op 4: read m1+0x0 len=0x1000: byte at +0x0 is 0xb8, expected 0xcc", "repro": "confirmed 3/3"}
JSON

# A kernel tree with a MAINTAINERS file (and no get_maintainer.pl: the file is parsed).
mkdir -p "$tmp/linux"
printf 'DEVICE DIRECT ACCESS (DAX)\nM:\tDan Williams <dan@example.org>\nL:\tnvdimm@lists.linux.dev\nF:\tdrivers/dax/\n\nMEMORY MANAGEMENT - MREMAP\nM:\tAndrew Morton <akpm@example.org>\nL:\tlinux-mm@kvack.org\nF:\tmm/mremap.c\n\nUNRELATED\nM:\tNobody <no@example.org>\nF:\tsound/\n' > "$tmp/linux/MAINTAINERS"

sections="Subject: SYMPTOM KERNEL ENVIRONMENT EXPECTED HAPPENED KERNEL.LOG MINIMAL.TRACE REPRODUCER WHO"
# has_sections REPORT: each section header is there and the line after it is not empty.
has_sections() {
  local s
  for s in $sections; do
    if [ "$s" = Subject: ]; then
      grep -q '^Subject: \[BUG\] .\{10,\}' "$1" || { echo "no subject in $1"; return 1; }
      continue
    fi
    awk -v h="^${s//./ }( \\\\(|\$)" '$0 ~ h { getline n; ok = n ~ /[^ ]/ } END { exit !ok }' "$1" ||
      { echo "section $s missing or empty in $1"; return 1; }
  done
}

for d in "$kmsg" "$hang" "$data"; do
  st=0
  "$bin" bugreport --kernel-tree "$tmp/linux" --known-issues none "$d" > "$d/report.txt" 2> "$d/err" || st=$?
  check "bugreport $(basename "$d") exits 0 (got $st: $(cat "$d/err"))" test "$st" = 0
  check "bugreport $(basename "$d") has every section" has_sections "$d/report.txt"
  check "$(basename "$d"): config options" grep -q '^    CONFIG_DEV_DAX=m$' "$d/report.txt"
  check "$(basename "$d"): the trace in words" grep -q '^  1\. mmap ' "$d/report.txt"
  check "$(basename "$d"): the trace as a daxprop trace" grep -q '^    daxprop-trace 1$' "$d/report.txt"
  check "$(basename "$d"): the VM" grep -q 'QEMU guest (tcg)' "$d/report.txt"
  check "$(basename "$d"): the backing's facts" grep -q 'align=1G\|backing: devdax_2m' "$d/report.txt"
  check "$(basename "$d"): how often it reproduced" grep -q '^  reproduced: confirmed 3/3$' "$d/report.txt"
  check "$(basename "$d"): device-dax maintainers" grep -q 'Dan Williams <dan@example.org>' "$d/report.txt"
  check "$(basename "$d"): no unrelated maintainers" bash -c "! grep -q Nobody '$d/report.txt'"
done
check "kmsg: the log excerpt" grep -q '^  mm/pgtable-generic.c:42: bad pud' "$kmsg/report.txt"
check "kmsg: the op it was logged during" grep -q 'during op 3 (mremap' "$kmsg/report.txt"
check "kmsg: the file from the log line" grep -q 'files: .*mm/pgtable-generic.c' "$kmsg/report.txt"
check "kmsg: mremap's maintainers" grep -q 'linux-mm@kvack.org' "$kmsg/report.txt"
check "kmsg: the reproducer inline" grep -q '^    int main(void) { return 0; }$' "$kmsg/report.txt"
check "hang: the op that hung" grep -q 'hung in: pin m0+0x1000' "$hang/report.txt"
check "hang: says the kernel logged nothing" grep -q 'the kernel logged no report' "$hang/report.txt"
check "hang: no repro.c, says how to make one" grep -q 'daxprop emit --provision' "$hang/report.txt"
check "hang: its kernel stacks" after '^KERNEL STACKS' 3 '^    __x64_sys_pread64+0x9a/0xc0$' "$hang/report.txt"
check "kmsg: no stacks section without a hang" bash -c "! grep -q '^KERNEL STACKS' '$kmsg/report.txt'"
check "data: the byte that differs" grep -q 'byte at +0x0 is 0xb8, expected 0xcc' "$data/report.txt"
check "data: subject names the symptom" grep -q '^Subject: \[BUG\] device-dax: read: bytes differ$' "$data/report.txt"

# A native run (no vm.json, "vm": null): the report says so, and makes up no QEMU line.
nat=$tmp/native
mkdir -p "$nat/failures"
cp -r "$data" "$nat/failures/"
printf '{"format": 2, "kernel": "6.18.44", "vm": null, "backings": [{"id": "devdax_2m", "facts": {}}], "results": []}\n' > "$nat/summary.json"
"$bin" bugreport --known-issues none "$nat/failures/$(basename "$data")" > "$nat/report.txt" 2>&1
check "native: says native" after '^ENVIRONMENT' 1 '^  native: the kernel the machine runs (no VM)$' "$nat/report.txt"
check "native: no QEMU line, no empty facts" bash -c "! grep -q 'QEMU guest\|devdax_2m ()' '$nat/report.txt'"

# A runners/repro output directory: the verdict and the reproducer's own lines, no result.json;
# the signature is put back in the suite's form, the known id comes from known-id.
rep=$tmp/repro-out
mkdir -p "$rep"
{ header regress devdax_2m
  echo 'map m0 len=0x400000 off=0x0 prot=rw flags=shared  # => ok'
  echo 'mprotect m0+0x0 len=0x200000 prot=r  # => ok'
  echo 'mprotect m0+0x200000 len=0x1000 prot=r  # => ok'
} > "$rep/trace.txt"
echo 'reproduced 3/3: op 3 (mprotect m0+0x200000 len=0x1000 prot=r): expected errno 22 (Invalid argument), got ok' > "$rep/verdict.txt"
printf 'run 1: exit 1
REPRO: op 3 (mprotect m0+0x200000 len=0x1000 prot=r): expected errno 22 (Invalid argument), got ok
' > "$rep/output.log"
echo devdax-vma-merge-skips-may-split > "$rep/known-id"
cp "$run/vm.json" "$run/kernel.config" "$rep/"
"$bin" bugreport "$rep" > "$rep/report.txt" 2>&1
check "repro dir: every section" has_sections "$rep/report.txt"
check "repro dir: the suite's signature" after '^SYMPTOM' 1 '^  mprotect: expected EINVAL, got ok$' "$rep/report.txt"
check "repro dir: what happened" after '^HAPPENED' 1 'expected errno 22 (Invalid argument), got ok' "$rep/report.txt"
check "repro dir: how often" grep -q '^  reproduced: reproduced 3/3' "$rep/report.txt"
check "repro dir: the known id" grep -q 'known to daxprop as devdax-vma-merge-skips-may-split' "$rep/report.txt"
sed -i 's/^REPRO: op 3.*/REPRO: hang in op 3 (mprotect m0+0x200000 len=0x1000 prot=r): still running after 60 s/' "$rep/output.log"
# The watchdog's stacks block (run 1's), up to the line after it.
sed -i '/^REPRO: hang in op 3/a REPRO: kernel stacks of the hung reproducer:\ntasks of process group 90:\n90/91 repro state D wchan ext4_break_layouts\n  ext4_break_layouts+0x1/0x2\nother tasks in D state:\n  (none)\nrun 2: exit 1' "$rep/output.log"
rm "$rep/known-id"
"$bin" bugreport --known-issues none "$rep" > "$rep/hang.txt" 2>&1
check "repro dir: a hang's signature names the op" after '^SYMPTOM' 1 '^  hang in mprotect' "$rep/hang.txt"
check "repro dir: the watchdog's stacks" after '^KERNEL STACKS' 3 '^  90/91 repro state D wchan ext4_break_layouts$' "$rep/hang.txt"
check "repro dir: the stacks block ends where it ends" bash -c "! sed -n '/^KERNEL STACKS/,/^MINIMAL/p' '$rep/hang.txt' | grep -q 'run 2'"

# A runners/repro directory of a racing trace: the closest order's first disagreement gives the
# suite's racing signature, so the finding is matched to its known issue.
race=$tmp/race-out
mkdir -p "$race"
{ header regress hugetlb_2m
  echo 'map m0 len=0x600000 off=0x1000000 prot=rw flags=shared'
  echo 'parallel reps=100'
  echo 't0 write m0+0x16018 len=0x4 pat=0xbfdd'
  echo 't1 truncate size=0x0'
} > "$race/trace.txt"
echo 'reproduced 3/3: repetition 2: no order of the ops of the parallel section (write | truncate) explains what it observed' > "$race/verdict.txt"
printf 'run 1: exit 1
REPRO: repetition 2: no order of the ops of the parallel section (write | truncate) explains what it observed (2 outcomes a correct kernel may show, checked)
REPRO:   section write m0+0x16018 len=0x4 pat=0xbfdd: as expected
REPRO:   section truncate size=0x0: as expected
REPRO:   final read read m0+0x16000 len=0x1000: expected signal 7 si_code 2 at page +0x16000 (lsb 0), got ok   <- the closest order'"'"'s first disagreement
REPRO: reproduced 28/100: 28 of 100 repetitions showed what no order explains
' > "$race/output.log"
cp "$run/vm.json" "$run/kernel.config" "$race/"
"$bin" bugreport "$race" > "$race/report.txt" 2>&1
check "racing repro dir: the suite's racing signature" after '^SYMPTOM' 1 '^  race: read: expected SIGBUS BUS_ADRERR, got ok$' "$race/report.txt"
check "racing repro dir: the subject names it" grep -q '^Subject: \[BUG\] mm: race: read: expected SIGBUS BUS_ADRERR, got ok$' "$race/report.txt"
check "racing repro dir: what happened names the read" after '^HAPPENED' 1 'final read read m0+0x16000 len=0x1000: expected signal 7' "$race/report.txt"

# Known: the shipped entry names the finding, its contract and where the fix stands.
"$bin" bugreport "$kmsg" > "$tmp/known.txt" 2>&1
check "known: its id" grep -q 'known to daxprop as devdax-1g-mremap-bad-pud' "$tmp/known.txt"
check "known: the subject from the entry" grep -q '^Subject: \[BUG\] mm/mremap: ' "$tmp/known.txt"
check "known: the contract cites the source" after '^EXPECTED' 3 'mm/mremap.c' "$tmp/known.txt"
check "known: without a tree, says how to get maintainers" grep -q 'pass --kernel-tree DIR' "$tmp/known.txt"

# A report that fails must fail: a mutilated report misses a section.
sed '/^HAPPENED/,+1d' "$data/report.txt" > "$tmp/mutilated.txt"
lacks_sections() { ! has_sections "$1" > /dev/null; }
check "a report without HAPPENED is caught" lacks_sections "$tmp/mutilated.txt"

echo "bugreport: $pass passed, $fail failed"
[ "$fail" = 0 ]
