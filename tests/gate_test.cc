// What a gate keys on: signatures (normalised kernel reports, hang sites, op disagreements),
// known issues (test × signature × kernel: XFAIL, XPASS), the watchdog (TIMEOUT, never ok),
// the KTAP directives and Totals, the exit status, and `compare`'s classes. Each check is also
// shown to fail on a wrong input.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "fixtures/backing.h"
#include "src/cli.h"
#include "src/compare.h"
#include "src/kmsg.h"
#include "src/known_issues.h"
#include "src/oracle.h"
#include "src/report.h"
#include "src/signature.h"
#include "suites/properties.h"
#include "tests/test_util.h"

namespace daxprop {
namespace {

// ---- signatures --------------------------------------------------------------------------

TEST(Signature, WarningIsItsFunctionWhateverCpuPidAndOffsets) {
  std::vector<std::string> a = {
      "WARNING: CPU: 1 PID: 3456 at fs/dax.c:390 dax_disassociate_entry+0x4f/0x60",
      "Modules linked in: dm_delay"};
  std::vector<std::string> b = {
      "[  812.004411] WARNING: CPU: 0 PID: 77 at fs/dax.c:390 dax_disassociate_entry+0x51/0x70 [dax]\r"};
  EXPECT_EQ(kmsg_title(a), "WARNING in dax_disassociate_entry");
  EXPECT_EQ(kmsg_title(b), "WARNING in dax_disassociate_entry");
  // A wrong input gives another signature.
  std::vector<std::string> c = {"WARNING: CPU: 1 PID: 3456 at fs/dax.c:391 dax_insert_entry+0x4f/0x60"};
  EXPECT_NE(kmsg_title(c), kmsg_title(a));
}

// A bad record belongs to the op whose marker precedes it (markers are written before each op
// runs), or to the teardown; with no marker before it, to nothing in particular.
TEST(KmsgWhere, NamesTheOpWhoseMarkerPrecedesTheRecord) {
  const std::vector<std::string> ops = {"map m0 len=0x40000000 off=0x0 prot=rw flags=shared",
                                        "read m0+0x0 len=0x10",
                                        "mremap m0 old=0x40000000 len=0x40000000 move=fixed"};
  const std::string bad = "mm/pgtable-generic.c:42: bad pud 00000000b6b6ef12(82000002400000a7)";
  EXPECT_EQ(kmsg_where({"daxprop: op 0", "daxprop: op 1", "daxprop: op 2", bad, "daxprop: teardown"}, ops),
            "during op 3 (mremap m0 old=0x40000000 len=0x40000000 move=fixed)");
  EXPECT_EQ(kmsg_where({"daxprop: op 0", "daxprop: op 1", bad, "daxprop: op 2"}, ops),
            "during op 2 (read m0+0x0 len=0x10)");
  EXPECT_EQ(kmsg_where({"daxprop: op 0", "daxprop: op 2", "daxprop: teardown", "some note", bad}, ops),
            "during the teardown after the last op");
  EXPECT_EQ(kmsg_where({bad, "daxprop: op 0"}, ops), "");
  EXPECT_EQ(kmsg_where({"daxprop: op 0", "daxprop: op 1"}, ops), "");  // nothing bad
  // A failure's message gets the record and where it was logged; nothing without a marker.
  const std::vector<Op> real = {MapOp{0, kGiB, 0, 3, 1, 0}, ReadOp{0, 0, 0, 16}};
  EXPECT_EQ(kmsg_note({"daxprop: op 0", "daxprop: op 1", bad}, real),
            "\n(the kernel logged \"" + bad + "\" during op 2 (read m0+0x0 len=0x10))");
  EXPECT_EQ(kmsg_note({bad}, real), "");
  EXPECT_EQ(kmsg_note({"daxprop: op 0"}, real), "");
  // The markers themselves are not bad records.
  EXPECT_FALSE(KmsgCursor::is_bad("daxprop: op 7"));
  EXPECT_FALSE(KmsgCursor::is_bad("daxprop: teardown"));
}

// A debug kernel's reports (KASAN, KFENCE, lockdep, the hung-task and RCU stall detectors) are
// bad records with syzbot-like titles, the same whatever the addresses, pids and offsets.
TEST(Signature, DebugKernelReports) {
  const std::vector<std::string> kasan = {
      "==================================================================",
      "BUG: KASAN: slab-use-after-free in dax_insert_entry+0x1a2/0x5b0",
      "Read of size 8 at addr ffff888104a1c2d8 by task daxprop/812"};
  EXPECT_TRUE(KmsgCursor::is_bad(kasan[1]));
  EXPECT_EQ(kmsg_title(kasan), "KASAN: slab-use-after-free in dax_insert_entry");
  const std::vector<std::string> kasan2 = {"[ 9.1] BUG: KASAN: slab-use-after-free in dax_insert_entry+0x1b0/0x5c0"};
  EXPECT_EQ(kmsg_title(kasan2), kmsg_title(kasan));
  const std::vector<std::string> other = {"BUG: KASAN: use-after-free in dax_insert_entry+0x1a2/0x5b0"};
  EXPECT_NE(kmsg_title(other), kmsg_title(kasan));
  const std::vector<std::string> kfence = {"BUG: KFENCE: out-of-bounds read in gup_fast_pte_range+0x12/0x300"};
  EXPECT_EQ(kmsg_title(kfence), "KFENCE: out-of-bounds read in gup_fast_pte_range");
  const std::vector<std::string> lockdep = {
      "======================================================",
      "WARNING: possible circular locking dependency detected",
      "6.12.117-dbg #1 Not tainted"};
  EXPECT_TRUE(KmsgCursor::is_bad(lockdep[1]));
  EXPECT_EQ(kmsg_title(lockdep), "WARNING: possible circular locking dependency detected");
  const std::vector<std::string> hung = {
      "INFO: task daxprop:1234 blocked for more than 122 seconds.",
      "      Not tainted 6.12.117 #1", "RIP: 0010:ext4_break_layouts+0x4f/0x90"};
  EXPECT_TRUE(KmsgCursor::is_bad(hung[0]));
  EXPECT_EQ(kmsg_title(hung), "INFO: task hung in ext4_break_layouts");
  const std::vector<std::string> stall = {
      "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:", "rcu:     1-...!: (0 ticks this GP)"};
  EXPECT_TRUE(KmsgCursor::is_bad(stall[0]));
  EXPECT_EQ(kmsg_title(stall), "INFO: rcu detected stall");
  EXPECT_TRUE(KmsgCursor::is_bad("rcu: INFO: rcu_sched self-detected stall on CPU"));
  EXPECT_FALSE(KmsgCursor::is_bad("INFO: task daxprop:12 exited"));
}

TEST(Signature, BadPudKeepsItsSourceLineAndDropsTheValues) {
  std::vector<std::string> l = {"mm/pgtable-generic.c:42: bad pud 00000000a1b2c3d4(80000001c0000ee7)"};
  EXPECT_EQ(kmsg_title(l), "bad pud in mm/pgtable-generic.c:42");
  std::vector<std::string> m = {"mm/pgtable-generic.c:42: bad pud 00000000ffffffff(80000002c00008e7)"};
  EXPECT_EQ(kmsg_title(m), kmsg_title(l));
  std::vector<std::string> pmd = {"mm/pgtable-generic.c:50: bad pmd 00000000a1b2c3d4(80000001c0000ee7)"};
  EXPECT_NE(kmsg_title(pmd), kmsg_title(l));
}

TEST(Signature, FaultsTakeTheFunctionOfTheirRipLine) {
  std::vector<std::string> oops = {
      "[  101.5] BUG: unable to handle page fault for address: ffffc9000a400000",
      "[  101.5] #PF: supervisor write access in kernel mode",
      "[  101.5] Oops: 0002 [#1] PREEMPT SMP NOPTI",
      "[  101.5] CPU: 1 UID: 0 PID: 922 Comm: daxprop Not tainted 6.12.117+deb12-amd64 #1",
      "[  101.5] RIP: 0010:_raw_spin_lock+0x19/0x30",
      "[  101.6] Kernel panic - not syncing: Fatal exception"};
  EXPECT_EQ(kmsg_title(oops), "BUG: unable to handle page fault in _raw_spin_lock");
  std::vector<std::string> gpf = {
      "Oops: general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1]",
      "RIP: 0010:__split_huge_pmd+0x1d2/0xcc0"};
  EXPECT_EQ(kmsg_title(gpf), "general protection fault in __split_huge_pmd");
  std::vector<std::string> kbug = {"kernel BUG at mm/huge_memory.c:2871!", "RIP: 0010:__split_huge_pmd_locked+0x9/0x10"};
  EXPECT_EQ(kmsg_title(kbug), "kernel BUG in __split_huge_pmd_locked");
  std::vector<std::string> nobody = {"kernel BUG at mm/huge_memory.c:2871!"};
  EXPECT_EQ(kmsg_title(nobody), "kernel BUG at mm/huge_memory.c:2871");
  std::vector<std::string> ubsan = {"UBSAN: shift-out-of-bounds in mm/memory.c:4123:17"};
  EXPECT_EQ(kmsg_title(ubsan), "UBSAN: shift-out-of-bounds in mm/memory.c:4123");
  std::vector<std::string> panic = {"sysrq: Trigger a crash", "Kernel panic - not syncing: sysrq triggered crash"};
  EXPECT_EQ(kmsg_title(panic), "Kernel panic - not syncing: sysrq triggered crash");
  std::vector<std::string> lockup = {"watchdog: BUG: soft lockup - CPU#1 stuck for 26s! [daxprop:812]",
                                     "RIP: 0010:follow_page_mask+0x2/0x90"};
  EXPECT_EQ(kmsg_title(lockup), "BUG: soft lockup - CPU# stuck for Ns! in follow_page_mask");
  // A user-mode RIP names no kernel function.
  std::vector<std::string> user = {"BUG: unable to handle page fault for address: 0000000000001000",
                                   "RIP: 0033:0x7f00deadbeef"};
  EXPECT_EQ(kmsg_title(user), "BUG: unable to handle page fault");
}

TEST(Signature, NoReportNoTitle) {
  EXPECT_EQ(kmsg_title({"ext4 filesystem being mounted at /mnt supports timestamps until 2038",
                        "daxprop: begin data.memfd.coherence"}),
            "");
  EXPECT_EQ(kmsg_title({}), "");
}

TEST(Signature, OpDisagreementsNameTheOpAndHowNotWhere) {
  auto op = [](const std::string& line) {
    auto t = parse_trace("daxprop-trace 1\nbacking memfd\n---\n" + line + "\n");
    return std::get<Trace>(t).lines.at(0).op;
  };
  Expect want;
  want.out = Outcome::error(EINVAL);
  Observation got;
  got.out = Outcome::ok();
  std::string sig;
  ASSERT_TRUE(judge(op("mprotect m0+0x1000 len=0x3000 prot=r"), want, got, &sig));
  EXPECT_EQ(sig, "mprotect: expected EINVAL, got ok");
  std::string sig2;
  ASSERT_TRUE(judge(op("mprotect m1+0x5000 len=0x1000 prot=none"), want, got, &sig2));
  EXPECT_EQ(sig2, sig);  // other handle, offset, length and prot: the same signature
  // Bytes.
  Expect rd;
  rd.data = {1, 2, 3, 4};
  rd.known = {1, 1, 1, 1};
  Observation g2;
  g2.data = {1, 2, 9, 4};
  std::string sig3;
  ASSERT_TRUE(judge(op("read m0+0x10 len=0x4"), rd, g2, &sig3));
  EXPECT_EQ(sig3, "read: bytes differ");
  // A right observation has no signature.
  g2.data = {1, 2, 3, 4};
  std::string none;
  EXPECT_FALSE(judge(op("read m0+0x10 len=0x4"), rd, g2, &none));
  EXPECT_EQ(none, "");
  // Signals name the signal and si_code, not the page.
  Expect bus;
  bus.out = Outcome::signal(SIGBUS, BUS_ADRERR, 0x3000);
  Observation ok;
  std::string sig4;
  ASSERT_TRUE(judge(op("read m0+0x3000 len=0x4"), bus, ok, &sig4));
  EXPECT_EQ(sig4, "read: expected SIGBUS BUS_ADRERR, got ok");
  EXPECT_EQ(hang_signature(op("pin m0+0x1000 len=0x10 via=proc_mem")), "hang in pin via=proc_mem");
}

// ---- known issues ------------------------------------------------------------------------

const char* kIssues = R"(format: 1
issues:
  - id: bad-pud
    title: mremap clears a huge PUD
    tests: ["*.devdax_1g.*"]
    signatures: ["bad pud in mm/pgtable-generic.c:*"]
    kernels: ["6.12.*"]
    upstream: open
    url: https://example.org/bad-pud
  - id: truncate-dma
    tests:
      - regress.fsdax_*.unmapped-truncate
    signatures: "sibling_read: bytes differ"
)";

KnownIssues issues() {
  auto k = parse_known_issues(kIssues, "k.yaml");
  if (auto* why = std::get_if<std::string>(&k)) throw std::runtime_error(*why);
  return std::get<KnownIssues>(k);
}

TEST(KnownIssues, MatchNeedsTestSignatureAndKernel) {
  KnownIssues k = issues();
  ASSERT_EQ(k.issues.size(), 2u);
  const KnownIssue* m = k.match_failure("size.devdax_1g.level", "bad pud in mm/pgtable-generic.c:42",
                                        "6.12.117+deb12-amd64");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->id, "bad-pud");
  EXPECT_EQ(m->url, "https://example.org/bad-pud");
  // Each dimension wrong: no match.
  EXPECT_FALSE(k.match_failure("size.devdax_2m.level", "bad pud in mm/pgtable-generic.c:42", "6.12.117"));
  EXPECT_FALSE(k.match_failure("size.devdax_1g.level", "read: bytes differ", "6.12.117"));
  EXPECT_FALSE(k.match_failure("size.devdax_1g.level", "bad pud in mm/pgtable-generic.c:42", "6.13.1"));
  // No kernels: every kernel.
  EXPECT_TRUE(k.match_failure("regress.fsdax_xfs.unmapped-truncate", "sibling_read: bytes differ", "6.19"));
}

TEST(KnownIssues, OnlyAPassingRegressionTraceIsXpass) {
  KnownIssues k = issues();
  const KnownIssue* m = k.match_pass("regress.fsdax_ext4.unmapped-truncate", "6.12.117");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->id, "truncate-dma");
  // A generated property that passes proves nothing about a known bug.
  EXPECT_FALSE(k.match_pass("size.devdax_1g.level", "6.12.117"));
  EXPECT_FALSE(k.match_pass("regress.fsdax_ext4.other-trace", "6.12.117"));
}

TEST(KnownIssues, BadFilesAreOneLineErrors) {
  auto err = [](const std::string& text) {
    auto k = parse_known_issues(text, "f.yaml");
    auto* why = std::get_if<std::string>(&k);
    return why ? *why : std::string();
  };
  EXPECT_NE(err("format: 1\nissues:\n  - id: a\n    tests: x\n    signature: y\n").find("f.yaml:5: unknown key 'signature'"),
            std::string::npos);
  EXPECT_NE(err("format: 1\nissues:\n  - tests: x\n    signatures: y\n").find("needs 'id'"), std::string::npos);
  EXPECT_NE(err("format: 1\nissues:\n  - {id: a, tests: x, signatures: y}\n  - {id: a, tests: x, signatures: y}\n")
                .find("duplicate id 'a'"),
            std::string::npos);
  EXPECT_NE(err("format: 2\nissues: []\n").find("format must be 1"), std::string::npos);
  EXPECT_NE(err("format: 1\nissues:\n  - {id: Bad Id, tests: x, signatures: y}\n").find("bad id"), std::string::npos);
  EXPECT_NE(err("format: 1\nissues:\n  - {id: a, tests: [], signatures: y}\n").find("tests is empty"), std::string::npos);
  EXPECT_NE(err("format: 1\nissues: [\n").find("f.yaml:"), std::string::npos);
  EXPECT_NE(err("- just a list\n").find("not a known-issues file"), std::string::npos);
  EXPECT_EQ(err(kIssues), "");
}

TEST(KnownIssues, TheShippedFileParses) {
  auto k = load_known_issues(shipped_known_issues());
  ASSERT_TRUE(std::holds_alternative<KnownIssues>(k)) << std::get<std::string>(k);
  const KnownIssues& known = std::get<KnownIssues>(k);
  EXPECT_GE(known.issues.size(), 4u);
  // The debug kernel's finding, as the racing test signs it and as its directed trace does; a
  // WARNING elsewhere, or on another backing, is not it.
  for (const std::string sig : {"WARNING in pudp_invalidate during a parallel section",
                                "WARNING in pudp_invalidate during mprotect"}) {
    const KnownIssue* i = known.match_failure("race.devdax_1g.linearizable", sig, "6.12.118");
    ASSERT_NE(i, nullptr) << sig;
    EXPECT_EQ(i->id, "devdax-1g-protnone-mprotect-warns");
  }
  EXPECT_EQ(known.match_failure("race.devdax_1g.linearizable", "WARNING in pmdp_invalidate during mprotect", "6.12.118"),
            nullptr);
  EXPECT_EQ(known.match_failure("race.devdax_2m.linearizable", "WARNING in pudp_invalidate during mprotect", "6.12.118"),
            nullptr);
}

// ---- KTAP directives, Totals, exit status --------------------------------------------------

PropertyRun result(const std::string& name, PropertyRun::Status st) {
  PropertyRun p;
  p.name = name;
  p.status = st;
  p.cases = 3;
  return p;
}

TEST(Verdicts, XfailXpassAndTimeoutAreKselftestDirectives) {
  PropertyRun x = result("size.devdax_1g.level", PropertyRun::Status::kFail);
  x.signature = "bad pud in mm/pgtable-generic.c:42";
  x.message = "kernel health: kmsg: mm/pgtable-generic.c:42: bad pud";
  EXPECT_NE(ktap_result(x, 4).find("\nnot ok 4 size.devdax_1g.level\n"), std::string::npos);
  x.known = PropertyRun::Known::kXfail;
  x.known_id = "bad-pud";
  std::string k = ktap_result(x, 4);
  EXPECT_NE(k.find("\nok 4 size.devdax_1g.level # XFAIL bad-pud\n"), std::string::npos) << k;
  EXPECT_NE(k.find("# signature: bad pud in mm/pgtable-generic.c:42\n"), std::string::npos) << k;
  PropertyRun p = result("regress.fsdax_xfs.t", PropertyRun::Status::kPass);
  p.known = PropertyRun::Known::kXpass;
  p.known_id = "truncate-dma";
  EXPECT_NE(ktap_result(p, 5).find("\nok 5 regress.fsdax_xfs.t # XPASS truncate-dma\n"), std::string::npos);
  EXPECT_NE(ktap_result(p, 5).find("# known issue truncate-dma did not show: fixed?\n"), std::string::npos);
  p.message = "known issue truncate-dma did not show: fixed by \"fs/dax: return unmapped busy pages\"?";
  EXPECT_NE(ktap_result(p, 5).find("# known issue truncate-dma did not show: fixed by \"fs/dax: return "
                                   "unmapped busy pages\"?\n"), std::string::npos);
  PropertyRun t = result("kvm.devdax_1g.memslot", PropertyRun::Status::kTimeout);
  t.message = "the run's watchdog fired after 0 of 1 cases";
  std::string tl = ktap_result(t, 6);
  EXPECT_NE(tl.find("\nnot ok 6 kvm.devdax_1g.memslot # TIMEOUT the run's watchdog fired"), std::string::npos) << tl;
  EXPECT_EQ(tl.find("\nok 6"), std::string::npos);
  PropertyRun s = result("sync.anon.wrprotect", PropertyRun::Status::kSkip);
  s.message = "no";
  PropertyRun f = result("data.anon.coherence", PropertyRun::Status::kFail);
  PropertyRun e = result("data.memfd.coherence", PropertyRun::Status::kError);
  PropertyRun ok = result("fork.anon.visibility", PropertyRun::Status::kPass);
  EXPECT_EQ(ktap_totals({x, p, t, s, f, e, ok}), "# Totals: pass:1 fail:1 xfail:1 xpass:1 skip:1 error:2\n");

  EXPECT_EQ(run_exit_status({x, ok, s}), 0);  // known failures only: green
  EXPECT_EQ(run_exit_status({x}), 0);
  EXPECT_EQ(run_exit_status({x, ok, p}), 1);  // an XPASS wants the known-issues file looked at
  EXPECT_EQ(run_exit_status({ok, t}), 1);     // cut short is never a pass
  EXPECT_EQ(run_exit_status({ok, f}), 1);
  EXPECT_EQ(run_exit_status({s}), 4);
  EXPECT_EQ(verdict_word(x), "xfail");
  EXPECT_EQ(verdict_word(t), "timeout");
}

TEST(Verdicts, JunitSkipsXfailWithATypeAndKcidbKeepsFail) {
  RunReport r;
  r.run_id = "r1";
  r.kernel = "6.12.117";
  r.kcidb.origin = "lab";
  r.known = issues();
  PropertyRun x = result("size.devdax_1g.level", PropertyRun::Status::kFail);
  x.known = PropertyRun::Known::kXfail;
  x.known_id = "bad-pud";
  x.signature = "bad pud in mm/pgtable-generic.c:42";
  r.results = {x};
  std::string j = junit_xml(r);
  EXPECT_NE(j.find("<skipped type=\"xfail\" message=\"known issue bad-pud: bad pud in mm/pgtable-generic.c:42\"/>"),
            std::string::npos) << j;
  EXPECT_EQ(j.find("<failure"), std::string::npos);
  std::string k = kcidb_json(r);
  EXPECT_NE(k.find("\"status\": \"FAIL\""), std::string::npos) << k;
  EXPECT_NE(k.find("\"issue_id\": \"lab:bad-pud\""), std::string::npos) << k;
  EXPECT_NE(k.find("\"present\": true"), std::string::npos) << k;
  EXPECT_NE(k.find("\"report_url\": \"https://example.org/bad-pud\""), std::string::npos) << k;
  std::string h = report_html(r);
  EXPECT_NE(h.find("known kernel bug <b>bad-pud</b>"), std::string::npos);
}

TEST(Verdicts, ProgressRecordsRoundTrip) {
  PropertyRun p = result("file.memfd.size", PropertyRun::Status::kFail);
  p.signature = "read: bytes differ";
  p.known = PropertyRun::Known::kXfail;
  p.known_id = "k\"1";
  p.message = "line 1\nline 2\t\"quoted\" \\ back";
  p.op_mix["read"] = 3;
  p.kmsg = {"WARNING: x"};
  auto t = parse_trace("daxprop-trace 1\nbacking memfd\n---\nmap m0 len=0x1000 off=0x0 prot=rw flags=shared  # => ok\n");
  p.min_failure = std::get<Trace>(t);
  auto back = parse_progress_json(progress_json(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, p.name);
  EXPECT_EQ(back->status, p.status);
  EXPECT_EQ(back->message, p.message);
  EXPECT_EQ(back->signature, p.signature);
  EXPECT_EQ(back->known_id, p.known_id);
  EXPECT_EQ(back->known, p.known);
  EXPECT_EQ(back->op_mix, p.op_mix);
  EXPECT_EQ(back->kmsg, p.kmsg);
  ASSERT_TRUE(back->min_failure);
  EXPECT_EQ(format_trace(*back->min_failure), format_trace(*p.min_failure));
  EXPECT_FALSE(parse_progress_json("{\"name\": \"x\"}"));
  EXPECT_FALSE(parse_progress_json("{not json"));
}

// ---- the watchdog ------------------------------------------------------------------------

const PropertySpec& prop(const std::string& id) {
  for (const auto& p : all_properties()) {
    if (p.id() == id) return p;
  }
  throw std::runtime_error("no property " + id);
}

// The memfd control, set up, or nothing.
std::unique_ptr<Backing> memfd_backing() {
  for (auto& x : make_backings()) {
    if (x->id() == "memfd" && !x->setup()) return std::move(x);
  }
  return nullptr;
}

TEST(Watchdog, ATestItCutsIsATimeoutNeverAPass) {
  auto b = memfd_backing();
  ASSERT_TRUE(b);
  KmsgCursor kmsg;
  RunSettings s;
  s.seed = 1;
  s.cases = 20;
  s.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  PropertyRun r = run_property(prop("data.coherence"), *b, s, kmsg, nullptr);
  EXPECT_EQ(r.status, PropertyRun::Status::kTimeout) << r.message;
  EXPECT_EQ(r.cases, 0);
  // A case the watchdog interrupts is no hang of the kernel: the injected hang runs into the
  // watchdog (0.5 s) long before its case timeout (30 s), and the test says TIMEOUT.
  s.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  s.inject = Inject::kHang;
  s.case_timeout_s = 30;
  r = run_property(prop("data.coherence"), *b, s, kmsg, nullptr);
  EXPECT_EQ(r.status, PropertyRun::Status::kTimeout) << r.message;
  // Without the watchdog the same run is a FAIL with a hang signature.
  s.deadline = std::chrono::steady_clock::time_point::max();
  s.case_timeout_s = 0.3;
  s.max_shrinks = 5;
  r = run_property(prop("data.coherence"), *b, s, kmsg, nullptr);
  EXPECT_EQ(r.status, PropertyRun::Status::kFail);
  EXPECT_TRUE(starts_with(r.signature, "hang in write")) << r.signature;
}

// 100 cases of data.coherence with writes lost (most cases fail), shrunk up to 100 steps.
RunSettings lost_writes() {
  RunSettings s;
  s.seed = 3;
  s.cases = 100;
  s.inject = Inject::kLostWrite;
  s.max_shrinks = 100;
  return s;
}

TEST(Watchdog, AKnownFirstFailureIsNotShrunk) {
  auto b = memfd_backing();
  ASSERT_TRUE(b);
  KmsgCursor kmsg;
  RunSettings s = lost_writes();
  PropertyRun shrunk = run_property(prop("data.coherence"), *b, s, kmsg, nullptr);
  ASSERT_EQ(shrunk.status, PropertyRun::Status::kFail);
  EXPECT_GT(shrunk.shrink_cases, 0);
  std::string seen;
  s.known = [&](const std::string& sig) {
    seen = sig;
    return true;
  };
  PropertyRun known = run_property(prop("data.coherence"), *b, s, kmsg, nullptr);
  ASSERT_EQ(known.status, PropertyRun::Status::kFail);
  EXPECT_EQ(known.shrink_cases, 0);
  EXPECT_EQ(seen, known.signature);
  EXPECT_EQ(known.signature, shrunk.signature);  // the first failure's, shrunk or not
  auto ops = [](const Trace& t) {
    std::string text = format_trace(t);
    return text.substr(text.find("---\n"));
  };
  EXPECT_EQ(ops(*known.min_failure), ops(*known.first_failure));
  EXPECT_NE(ops(*shrunk.min_failure), ops(*shrunk.first_failure));
  // The test went on past it: every case ran, and the report counts the known ones.
  EXPECT_EQ(known.cases, 100);
  EXPECT_NE(known.message.find("a known issue in "), std::string::npos) << known.message;
  EXPECT_EQ(known.message.find("a known issue in 1 of"), std::string::npos) << known.message;
  EXPECT_NE(known.message.find(" of 100 cases, the others passed"), std::string::npos) << known.message;
}

// A known issue does not hide another failure in the same test: here the first two failing
// cases are "known" and the third is not; it fails the test, shrunk as any failure is.
TEST(Watchdog, AKnownIssueDoesNotHideAnUnknownFailureAfterIt) {
  auto b = memfd_backing();
  ASSERT_TRUE(b);
  KmsgCursor kmsg;
  RunSettings s = lost_writes();
  int calls = 0;
  s.known = [&](const std::string&) { return ++calls <= 2; };
  PropertyRun r = run_property(prop("data.coherence"), *b, s, kmsg, nullptr);
  ASSERT_EQ(r.status, PropertyRun::Status::kFail) << r.message;
  EXPECT_GT(r.shrink_cases, 0);
  EXPECT_EQ(calls, 3);  // two known cases, the unknown one; its shrink steps ask no more
  EXPECT_NE(r.message.find("(besides, a known issue in 2 of"), std::string::npos) << r.message;
  EXPECT_LT(r.min_failure->lines.size(), r.first_failure->lines.size());
}

// ---- compare -----------------------------------------------------------------------------

std::string summary(const std::string& kernel, const std::vector<std::string>& results,
                    const std::string& largest = "1G", const std::string& io_uring = "5") {
  std::string s = "{\"format\": 2, \"kernel\": \"" + kernel +
                  "\", \"profile\": \"gate\", \"seed\": 1, \"daxprop\": {\"version\": \"0.1.0\", "
                  "\"revision\": \"abc\"}, \"backings\": [{\"id\": \"devdax_1g\", \"ready\": true, "
                  "\"skip_reason\": \"\"}], \"capabilities\": {\"devdax_1g\": {\"largest_mapping\": \"" +
                  largest + "\"}}, \"results\": [";
  for (size_t i = 0; i < results.size(); i++) s += (i ? ", " : "") + results[i];
  return s + ", {\"name\": \"pin.fsdax_ext4.contract\", \"verdict\": \"pass\", \"signature\": \"\", "
             "\"op_outcomes\": {\"pin io_uring => err EOPNOTSUPP\": " + io_uring + "}}]}";
}
std::string res(const std::string& name, const std::string& verdict, const std::string& sig = "") {
  return "{\"name\": \"" + name + "\", \"verdict\": \"" + verdict + "\", \"signature\": \"" + sig + "\"}";
}

TEST(Compare, ClassesCapabilitiesAndOutcomes) {
  std::string a = summary("6.12.117", {res("t.reg", "pass"), res("t.fix", "fail", "read: bytes differ"),
                                        res("t.still", "xfail", "bad pud in x.c:1"),
                                        res("t.newsig", "fail", "read: bytes differ"),
                                        res("t.gone", "pass"), res("t.flap", "timeout"),
                                        res("t.same", "pass"), res("t.lost", "pass")});
  std::string b = summary("6.13.0", {res("t.reg", "fail", "mprotect: expected EINVAL, got ok"),
                                      res("t.fix", "pass"), res("t.still", "xfail", "bad pud in x.c:1"),
                                      res("t.newsig", "fail", "WARNING in f"), res("t.flap", "pass"),
                                      res("t.same", "pass"), res("t.new", "pass"), res("t.lost", "skip"),
                                      res("replay.devdax_1g.size-level", "pass"),
                                      res("replay.fsdax_xfs.pin-inflight", "xfail", "sibling_read: bytes differ")},
                     "2M", "0");
  auto r = compare_summaries(a, b, "A", "B");
  ASSERT_TRUE(std::holds_alternative<CompareResult>(r)) << std::get<std::string>(r);
  const CompareResult& c = std::get<CompareResult>(r);
  std::map<std::string, std::string> cls;
  for (const auto& t : c.tests) cls[t.test] = t.cls;
  EXPECT_EQ(cls["t.reg"], "regression");
  EXPECT_EQ(cls["t.fix"], "fixed");
  EXPECT_EQ(cls["t.still"], "still failing");
  EXPECT_EQ(cls["t.newsig"], "regression");
  EXPECT_EQ(cls["t.gone"], "missing");
  EXPECT_EQ(cls["t.lost"], "missing");
  EXPECT_EQ(cls["t.flap"], "unstable");
  EXPECT_EQ(cls["t.same"], "unchanged");
  EXPECT_EQ(cls["t.new"], "new test");
  // A's minimal traces replayed on B say fixed or still failing.
  EXPECT_EQ(cls["replay.devdax_1g.size-level"], "fixed");
  EXPECT_EQ(cls["replay.fsdax_xfs.pin-inflight"], "still failing");
  EXPECT_EQ(c.count("regression"), 2);
  EXPECT_EQ(c.capability_changes, std::vector<std::string>{"devdax_1g largest_mapping: 1G -> 2M"});
  ASSERT_EQ(c.outcome_changes.size(), 1u);
  EXPECT_EQ(c.outcome_changes[0].backing, "fsdax_ext4");
  EXPECT_EQ(c.outcome_changes[0].a, 5u);
  EXPECT_EQ(c.outcome_changes[0].b, 0u);
  EXPECT_EQ(c.signatures_appeared, (std::vector<std::string>{"WARNING in f", "mprotect: expected EINVAL, got ok",
                                                             "sibling_read: bytes differ"}));
  std::string text = compare_text(c);
  EXPECT_NE(text.find("t.reg: pass -> fail (mprotect: expected EINVAL, got ok)"), std::string::npos) << text;
  EXPECT_NE(text.find("fsdax_ext4 pin io_uring => err EOPNOTSUPP: 5 -> 0"), std::string::npos) << text;
  EXPECT_NE(compare_json(c).find("\"regressions\": 2"), std::string::npos);
  // The same run against itself: nothing changed.
  auto same = compare_summaries(a, a, "A", "A");
  EXPECT_EQ(std::get<CompareResult>(same).count("regression"), 0);
  EXPECT_TRUE(std::get<CompareResult>(same).capability_changes.empty());
  // Not a summary: an error, not an empty comparison.
  EXPECT_TRUE(std::holds_alternative<std::string>(compare_summaries("{}", b, "A", "B")));
  EXPECT_TRUE(std::holds_alternative<std::string>(compare_summaries("[1, 2", b, "A", "B")));
}

// Two kernels on either side of a release-dependent contract: compare shows the rule changing
// sides as a behaviour change, and the tests that follow the rule stay unchanged.
TEST(Compare, AContractThatChangedSidesIsABehaviourChange) {
  auto with = [](const std::string& kernel, const std::string& side) {
    std::string s = summary(kernel, {res("fault.anon.access", "pass")});
    return s.insert(s.find("\"results\""), "\"contracts\": {\"madvise-populate-stops-at-hole\": \"" +
                                               side + "\", \"mremap-fixed-moves-multiple-vmas\": \"older "
                                               "(x)\"}, ");
  };
  auto r = compare_summaries(with("6.1.176", "older (6.1 < 6.10)"), with("6.12.117", "newer (6.12 >= 6.10)"),
                             "A", "B");
  ASSERT_TRUE(std::holds_alternative<CompareResult>(r)) << std::get<std::string>(r);
  const CompareResult& c = std::get<CompareResult>(r);
  EXPECT_EQ(c.capability_changes,
            std::vector<std::string>{"contract madvise-populate-stops-at-hole: older (6.1 < 6.10) -> newer "
                                     "(6.12 >= 6.10)"});
  EXPECT_EQ(c.count("regression"), 0);
  EXPECT_NE(compare_text(c).find("contract madvise-populate-stops-at-hole: older"), std::string::npos);
}

// The same kernel report from two releases names another source line: across kernels it is
// the same failure; on one kernel another line is another report.
TEST(Compare, AcrossKernelsASignatureIsComparedWithoutLineNumbers) {
  const std::string on61 = "bad pud in mm/pgtable-generic.c:39 during mremap";
  const std::string on612 = "bad pud in mm/pgtable-generic.c:42 during mremap";
  auto cls_of = [&](const std::string& ka, const std::string& kb, const std::string& sig_b) {
    auto r = compare_summaries(summary(ka, {res("kvm.devdax_1g.memslot", "xfail", on61)}),
                               summary(kb, {res("kvm.devdax_1g.memslot", "xfail", sig_b)}), "A", "B");
    const CompareResult& c = std::get<CompareResult>(r);
    EXPECT_EQ(c.tests[0].test, "kvm.devdax_1g.memslot");
    return std::pair{c.tests[0].cls, c.signatures_appeared.size()};
  };
  EXPECT_EQ(cls_of("6.1.176", "6.12.117", on612), std::pair(std::string("still failing"), size_t{0}));
  EXPECT_EQ(cls_of("6.1.176", "6.1.176", on612), std::pair(std::string("regression"), size_t{1}));
  // Another file, or another op, is another report on any two kernels.
  EXPECT_EQ(cls_of("6.1.176", "6.12.117", "bad pud in mm/huge_memory.c:39 during mremap").first, "regression");
  EXPECT_EQ(cls_of("6.1.176", "6.12.117", "bad pud in mm/pgtable-generic.c:39 during mprotect").first,
            "regression");
}

}  // namespace
}  // namespace daxprop
