// The C reproducer compiles with no daxprop headers, passes on this kernel when the trace's
// expectations are right, and prints REPRO and exits 1 when an expectation is altered.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/backing.h"
#include "src/emit_c.h"
#include "src/kmsg.h"
#include "tests/test_util.h"

namespace daxprop {
namespace {

class Repro : public ::testing::Test {
 protected:
  Cmd build_and_run(const std::string& src) { return build_and_run_c(src); }
};

BackingTraits memfd_traits() { return make_memfd(kernel_version_code(kernel_release()))->traits(); }

CSetup memfd_setup() { return memfd_c_setup(0x10000); }

Trace trace_of(std::vector<Op> ops) {
  Trace t;
  t.header.backing = "memfd";
  t.header.property = "data.coherence";
  for (auto& op : ops) t.lines.push_back(TraceLine{op, std::nullopt});
  return t;
}

std::vector<Op> ops() {
  return {MapOp{0, 8 * kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0},
          MapOp{1, 4 * kPage, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0},
          WriteOp{0, 0, 100, 2 * kPage, 7},
          ForkOp{1},
          WriteOp{1, 1, 0, 64, 8},
          ReadOp{1, 0, 100, 64},
          ReadOp{0, 1, 0, 64},
          MprotectOp{0, 0, kPage, PROT_READ},
          WriteOp{0, 0, 10, 1, 9},
          TruncateOp{3 * kPage},
          ReadOp{0, 0, 3 * kPage, 1},
          SysReadOp{2 * kPage, 2 * kPage},
          MapOp{2, kPage, 1, PROT_READ, MAP_SHARED, 0}};
}

TEST_F(Repro, PassesWhenTheKernelDoesWhatTheModelSays) {
  auto o = ops();
  auto exp = expectations(memfd_traits(), o);
  Cmd r = build_and_run(emit_c(trace_of(o), memfd_traits(), memfd_setup(), exp));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("OK: all ops behaved as expected"), std::string::npos) << r.out;
}

TEST_F(Repro, FailsOnAnAlteredErrno) {
  auto o = ops();
  auto exp = expectations(memfd_traits(), o);
  ASSERT_EQ(exp[12].out.err, EINVAL);
  exp[12].out.err = ENOMEM;
  Cmd r = build_and_run(emit_c(trace_of(o), memfd_traits(), memfd_setup(), exp));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("REPRO: op 13 (map m2"), std::string::npos) << r.out;
}

TEST_F(Repro, FailsOnAnAlteredByteInAForkedChildsRead) {
  auto o = ops();
  auto exp = expectations(memfd_traits(), o);
  ASSERT_EQ(exp[5].data.size(), 64u);
  exp[5].data[3] ^= 0x5a;
  Cmd r = build_and_run(emit_c(trace_of(o), memfd_traits(), memfd_setup(), exp));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("REPRO: op 6 (read@p1 m0+0x64 len=0x40): byte +0x3"), std::string::npos)
      << r.out;
}

// A read of megabytes is checked by a CRC per 4 KiB block (literal bytes would make a
// reproducer too big to compile): it passes as it is, and one byte off in the middle of the
// expectation names that block; bytes the model does not vouch for are left out of the CRCs.
TEST_F(Repro, LargeReadsAreCheckedPerBlock) {
  std::vector<Op> o{TruncateOp{2 * kMiB}, MapOp{0, 2 * kMiB, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0},
                    WriteOp{0, 0, 0, 2 * kMiB, 7}, ReadOp{0, 0, 0, 2 * kMiB}};
  auto exp = expectations(memfd_traits(), o);
  ASSERT_EQ(exp[3].data.size(), 2 * kMiB);
  const CSetup setup = memfd_setup();
  const std::string src = emit_c(trace_of(o), memfd_traits(), setup, exp);
  EXPECT_LT(src.size(), 400u * 1024) << "a 2 MiB read made a " << src.size() << "-byte program";
  Cmd r = build_and_run(src);
  EXPECT_EQ(r.status, 0) << r.out;
  auto bad = exp;
  bad[3].data[0x5123] ^= 1;
  r = build_and_run(emit_c(trace_of(o), memfd_traits(), setup, bad));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("REPRO: op 4 (read m0+0x0 len=0x200000): the bytes read at +0x5000..+0x6000"),
            std::string::npos)
      << r.out;
  bad[3].known[0x5123] = false;  // unspecified: not judged
  r = build_and_run(emit_c(trace_of(o), memfd_traits(), setup, bad));
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST_F(Repro, FailsOnAMissingSignal) {
  auto o = ops();
  auto exp = expectations(memfd_traits(), o);
  ASSERT_EQ(exp[10].out.sig, SIGBUS);
  exp[10].out = Outcome::ok();
  exp[10].data.assign(1, 0);
  exp[10].known.assign(1, true);
  Cmd r = build_and_run(emit_c(trace_of(o), memfd_traits(), memfd_setup(), exp));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("REPRO: op 11"), std::string::npos) << r.out;
}

// Exit status for git bisect run: a hang is the bug showing (1), named by the op the watchdog
// found running; a reproducer that cannot set itself up is 125 ("skip").
// The reproducer of ops(), expectations as the model makes them.
std::string memfd_repro() {
  auto o = ops();
  return emit_c(trace_of(o), memfd_traits(), memfd_setup(), expectations(memfd_traits(), o));
}

TEST_F(Repro, AHangIsExit1NamingTheOp) {
  const std::string src = memfd_repro();
  Cmd r = build_and_run_c(src, "", "REPRO_SELFTEST_HANG=4 REPRO_TIMEOUT=0.5 ");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("REPRO: hang in op 4 (fork p1): still running after 0.5 s"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("OK:"), std::string::npos) << r.out;
  // The kernel stacks of the hung process, taken before the kill: the stalled op sleeps in
  // pause(2).
  EXPECT_NE(r.out.find("REPRO: kernel stacks of the hung reproducer:\ntasks of process group "),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" state S wchan "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sys_pause"), std::string::npos) << r.out;
  // The same program with time enough behaves.
  r = build_and_run_c(src, "", "REPRO_TIMEOUT=30 ");
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST_F(Repro, CannotSetUpIsExit125) {
  Cmd r = build_and_run_c(memfd_repro(), "", "REPRO_TIMEOUT=soon ");
  EXPECT_EQ(r.status, 125) << r.out;
  EXPECT_NE(r.out.find("REPRO_TIMEOUT: not a number of seconds: soon"), std::string::npos) << r.out;
  // A device-dax reproducer given a device that is not there: the fixture's own setup code.
  for (auto& b : make_backings()) {
    if (b->id() != "devdax_2m") continue;
    std::vector<Op> d{MapOp{0, 2 * kMiB, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0}};
    std::string c = emit_c(trace_of(d), b->traits(), b->c_setup(), expectations(b->traits(), d));
    const std::string dir = "/var/tmp/daxprop-no-such-dax-" + std::to_string(getpid());
    ASSERT_EQ(run_cmd("mkdir -p " + dir).status, 0);
    write_file(dir + "/repro.c", c);
    r = run_cmd("cc -std=c11 -Wall -Werror -O1 -o " + dir + "/repro " + dir + "/repro.c 2>&1 && " + dir +
                "/repro /dev/no-such-dax9.9 2>&1");
    run_cmd("rm -rf " + dir);
    EXPECT_EQ(r.status, 125) << r.out;
    EXPECT_NE(r.out.find("/dev/no-such-dax9.9: No such file or directory"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("SETUP: cannot set up here"), std::string::npos) << r.out;
  }
}

// The reproducer judges the kernel log by daxprop's own list of bad records, not a copy: the
// runtime's file, verbatim.
TEST_F(Repro, ChecksTheSuitesKernelLogPatterns) {
  const std::string src = memfd_repro();
  std::string list = "const char *const rt_bad_patterns[] = {\n";
  for (const auto& b : KmsgCursor::bad_patterns()) list += "    \"" + b + "\",\n";
  EXPECT_NE(src.find(list + "    NULL};"), std::string::npos);
  EXPECT_GE(KmsgCursor::bad_patterns().size(), 11u);
  EXPECT_TRUE(KmsgCursor::is_bad("UBSAN: array-index-out-of-bounds in mm/memory.c"));
}

}  // namespace
}  // namespace daxprop
