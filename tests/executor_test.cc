// The executor against this kernel: faults are observed, not fatal; observations survive the
// wire; a case that crashes or hangs is reported, not inherited.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fixtures/backing.h"
#include "src/case_runner.h"
#include "src/guard.h"
#include "src/oracle.h"

namespace daxprop {
namespace {

TEST(Guard, ObservesSegvAndBusAndStopsOnThePage) {
  uint8_t* p = static_cast<uint8_t*>(
      mmap(nullptr, 3 * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(p, MAP_FAILED);
  ASSERT_EQ(mprotect(p + kPage, kPage, PROT_NONE), 0);
  std::vector<uint8_t> buf(3 * kPage, 1);
  auto r = guarded_write(p + 10, buf.data(), 2 * kPage);
  ASSERT_TRUE(r.fault);
  EXPECT_EQ(r.fault->sig, SIGSEGV);
  EXPECT_EQ(r.fault->code, SEGV_ACCERR);
  EXPECT_EQ(r.done, kPage - 10);
  EXPECT_EQ(r.fault->addr & ~uintptr_t{4095}, reinterpret_cast<uintptr_t>(p + kPage));
  munmap(p, 3 * kPage);

  int fd = memfd_create("t", 0);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, kPage), 0);
  uint8_t* q = static_cast<uint8_t*>(mmap(nullptr, 2 * kPage, PROT_READ, MAP_SHARED, fd, 0));
  ASSERT_NE(q, MAP_FAILED);
  auto b = guarded_read(q, buf.data(), 2 * kPage);
  ASSERT_TRUE(b.fault);
  EXPECT_EQ(b.fault->sig, SIGBUS);
  EXPECT_EQ(b.fault->code, BUS_ADRERR);
  EXPECT_EQ(b.done, kPage);
  munmap(q, 2 * kPage);
  close(fd);
}

TEST(Executor, ObservationsSurviveTheWire) {
  Observation o;
  o.out = Outcome::signal(SIGBUS, BUS_ADRERR, 0x3000);
  o.out.n = 12;
  o.out.crc = 0xdeadbeef;
  o.data = {1, 2, 3};
  std::string w = Executor::encode(o);
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  ASSERT_TRUE(write_all(p[1], w.data(), w.size()));
  Observation back;
  ASSERT_TRUE(Executor::decode(p[0], back));
  EXPECT_EQ(back.out, o.out);
  EXPECT_EQ(back.data, o.data);
  close(p[0]);
  close(p[1]);
}

std::unique_ptr<Backing> memfd() { return make_memfd(kernel_version_code(kernel_release())); }

TEST(CaseRunner, RunsOpsAndTheModelAgrees) {
  auto b = memfd();
  std::vector<Op> ops{
      MapOp{0, 8 * kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0},
      MapOp{1, 8 * kPage, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0},
      WriteOp{0, 0, 100, 3 * kPage, 11},
      ForkOp{1},
      WriteOp{1, 1, 0, 16, 12},
      ReadOp{1, 0, 100, 3 * kPage},
      TruncateOp{2 * kPage},
      ReadOp{0, 0, 2 * kPage, 1},
      ReadOp{1, 0, 2 * kPage, 1},
      SysReadOp{0, 4 * kPage},
  };
  CaseRun run = run_case(*b, ops, CaseOptions{});
  ASSERT_EQ(run.end, CaseRun::End::kCompleted) << run.detail;
  ASSERT_EQ(run.obs.size(), ops.size());
  Verdict v = judge_trace(b->traits(), ops, run.obs);
  EXPECT_TRUE(v.ok) << v.message;
  EXPECT_EQ(run.obs[7].out.sig, SIGBUS);
  EXPECT_EQ(run.obs[8].out.sig, SIGBUS);  // the child sees the truncate too
}

TEST(CaseRunner, ACaseThatHangsIsKilledAndReported) {
  auto b = memfd();
  std::vector<Op> ops{MapOp{0, kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0}, ForkOp{1},
                      WriteOp{0, 0, 0, 1, 1}};
  CaseOptions o;
  o.timeout_s = 1;
  o.inject = Inject::kHang;
  CaseRun run = run_case(*b, ops, o);
  EXPECT_EQ(run.end, CaseRun::End::kTimedOut) << run.detail;
  EXPECT_EQ(run.obs.size(), 2u);
  EXPECT_NE(run.detail.find("hung in: write m0+0x0"), std::string::npos) << run.detail;
  // Where it hung in the kernel: the case process and its peer, each with its stack, taken
  // before the kill (the injected hang sleeps in pause(2)).
  EXPECT_NE(run.stacks.find("tasks of process group "), std::string::npos) << run.stacks;
  EXPECT_NE(run.stacks.find("other tasks in D state:"), std::string::npos) << run.stacks;
  size_t tasks = 0;
  for (size_t at = 0; (at = run.stacks.find(" state S wchan ", at)) != std::string::npos; at++) tasks++;
  EXPECT_GE(tasks, 2u) << run.stacks;
  EXPECT_NE(run.stacks.find("sys_pause"), std::string::npos) << run.stacks;
}

TEST(CaseRunner, ACaseThatEndsCarriesNoStacks) {
  auto b = memfd();
  std::vector<Op> ops{MapOp{0, kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0}, WriteOp{0, 0, 0, 1, 1}};
  CaseRun run = run_case(*b, ops, CaseOptions{});
  EXPECT_EQ(run.end, CaseRun::End::kCompleted) << run.detail;
  EXPECT_TRUE(run.stacks.empty()) << run.stacks;
}

TEST(CaseRunner, ACaseThatDiesIsReportedWithTheOp) {
  auto b = memfd();
  std::vector<Op> ops{MapOp{0, kPage, 0, PROT_READ | PROT_WRITE, MAP_SHARED, 0},
                      WriteOp{0, 0, 0, 1, 1}};
  CaseOptions o;
  o.inject = Inject::kCrash;
  CaseRun run = run_case(*b, ops, o);
  EXPECT_EQ(run.end, CaseRun::End::kCrashed) << run.detail;
  EXPECT_NE(run.detail.find("killed by SIGKILL during: write m0+0x0"), std::string::npos)
      << run.detail;
}

TEST(CaseRunner, JournalIsWrittenBeforeEachOp) {
  auto b = memfd();
  char dir[] = "/var/tmp/daxprop-journal-XXXXXX";
  ASSERT_TRUE(mkdtemp(dir));
  CaseOptions o;
  o.journal_path = std::string(dir) + "/j";
  o.header.backing = "memfd";
  std::vector<Op> ops{MapOp{0, kPage, 0, PROT_READ, MAP_SHARED, 0}, ReadOp{0, 0, 0, 1}};
  CaseRun run = run_case(*b, ops, o);
  ASSERT_EQ(run.end, CaseRun::End::kCompleted);
  auto text = read_file(o.journal_path);
  ASSERT_TRUE(text.ok());
  auto parsed = parse_trace(*text);
  ASSERT_TRUE(std::holds_alternative<Trace>(parsed));
  EXPECT_EQ(std::get<Trace>(parsed).lines.size(), 2u);
  unlink(o.journal_path.c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace daxprop
