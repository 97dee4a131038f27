// End to end: each simulated kernel bug is detected by a property, shrunk to a few ops, written
// as a trace that `daxprop replay` re-runs with the same verdict; and the CLI's exit statuses.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "fixtures/backing.h"
#include "src/cli.h"
#include "src/report.h"
#include "suites/properties.h"
#include "tests/test_util.h"

namespace daxprop {
namespace {

const PropertySpec& prop(const std::string& id) {
  for (const auto& p : all_properties()) {
    if (p.id() == id) return p;
  }
  throw std::runtime_error("no property " + id);
}

std::string tempdir() {
  char d[] = "/var/tmp/daxprop-test-XXXXXX";
  if (!mkdtemp(d)) throw std::runtime_error("mkdtemp");
  return d;
}

struct InjectCase {
  Inject inject;
  const char* property;
  const char* backing;
};

void PrintTo(const InjectCase& c, std::ostream* os) {
  *os << inject_name(c.inject) << " on " << c.property << "." << c.backing;
}

class InjectedBug : public ::testing::TestWithParam<InjectCase> {};

TEST_P(InjectedBug, IsCaughtShrunkAndReplayable) {
  const auto& c = GetParam();
  std::unique_ptr<Backing> b;
  for (auto& x : make_backings()) {
    if (x->id() == c.backing) b = std::move(x);
  }
  ASSERT_TRUE(b);
  ASSERT_FALSE(b->setup());
  RunSettings s;
  s.seed = 7;
  s.cases = 300;
  s.inject = c.inject;
  // A hung case costs its whole timeout at every shrink step: keep it short.
  s.case_timeout_s = c.inject == Inject::kHang ? 0.3 : 5;
  s.max_hung_shrinks = 1000;  // at 0.3 s a hang is cheap: shrink it all the way
  KmsgCursor kmsg;
  PropertyRun r = run_property(prop(c.property), *b, s, kmsg, nullptr);
  ASSERT_EQ(r.status, PropertyRun::Status::kFail) << inject_name(c.inject) << ": " << r.message;
  ASSERT_TRUE(r.min_failure);
  EXPECT_LE(r.min_failure->lines.size(), 4u) << format_trace(*r.min_failure);
  EXPECT_LE(r.min_failure->lines.size(), r.first_failure->lines.size());
  EXPECT_FALSE(r.reproduce.empty());

  // The minimal trace replays to the same verdict through the CLI.
  std::string dir = tempdir();
  std::string path = dir + "/trace.min.txt";
  ASSERT_TRUE(write_file(path, format_trace(*r.min_failure)));
  Cmd rep = run_cmd(std::string(DAXPROP_BINARY) + " replay --case-timeout 2 " + path);
  EXPECT_EQ(rep.status, 1) << rep.out;
  EXPECT_NE(rep.out.find("FAIL:"), std::string::npos) << rep.out;
  EXPECT_EQ(rep.out.find("DIFFERENT"), std::string::npos) << rep.out;
  unlink(path.c_str());
  rmdir(dir.c_str());
}

// Each shrink case that hangs costs the case timeout: past the cap shrinking stops, and the
// message says the trace may not be minimal.
TEST(InjectedHang, ShrinkingStopsAfterTheCapOfHungCases) {
  std::unique_ptr<Backing> b;
  for (auto& x : make_backings()) {
    if (x->id() == "memfd") b = std::move(x);
  }
  ASSERT_TRUE(b);
  ASSERT_FALSE(b->setup());
  RunSettings s;
  s.seed = 7;
  s.cases = 300;
  s.inject = Inject::kHang;
  s.case_timeout_s = 0.3;
  s.max_hung_shrinks = 2;
  KmsgCursor kmsg;
  PropertyRun r = run_property(prop("fault.access"), *b, s, kmsg, nullptr);
  ASSERT_EQ(r.status, PropertyRun::Status::kFail) << r.message;
  EXPECT_NE(r.message.find("(shrinking stopped after 2 shrink cases that hung: the trace may not be minimal)"),
            std::string::npos) << r.message;
  EXPECT_EQ(r.signature.rfind("hang in ", 0), 0u) << r.signature;
  EXPECT_NE(r.stacks.find("sys_pause"), std::string::npos) << r.stacks;
}

INSTANTIATE_TEST_SUITE_P(
    Bugs, InjectedBug,
    ::testing::Values(InjectCase{Inject::kLostWrite, "data.coherence", "memfd"},
                      InjectCase{Inject::kLostWrite, "fork.visibility", "anon"},
                      InjectCase{Inject::kNoSigbus, "file.size", "tmpfs_file"},
                      InjectCase{Inject::kWrongErrno, "args.validation", "memfd"},
                      InjectCase{Inject::kCrash, "data.coherence", "anon"},
                      InjectCase{Inject::kHang, "fault.access", "memfd"}),
    [](const auto& param_info) {
      std::string n =
          inject_name(param_info.param.inject) + "_" + param_info.param.backing;
      for (char& ch : n) {
        if (ch == '-') ch = '_';
      }
      return n;
    });

TEST(Pipeline, HealthyRunPassesAndWritesResults) {
  std::string dir = tempdir();
  Cmd c = run_cmd(std::string(DAXPROP_BINARY) +
                  " run --backing memfd,anon --property data,fault,args,fork,file --cases 30 "
                  "--seed 3 --results " + dir);
  EXPECT_EQ(c.status, 0) << c.out;
  EXPECT_NE(c.out.find("KTAP version 1"), std::string::npos);
  EXPECT_NE(c.out.find("ok 1 data.anon.coherence"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("# SKIP anon has no file"), std::string::npos) << c.out;
  auto summary = read_file(dir + "/latest/summary.json");
  ASSERT_TRUE(summary.ok());
  EXPECT_NE(summary->find("\"pass\": 9"), std::string::npos) << *summary;
  EXPECT_TRUE(read_file(dir + "/latest/junit.xml").ok());
  EXPECT_TRUE(read_file(dir + "/latest/ktap.txt").ok());
  run_cmd("rm -rf " + dir);
}

TEST(Pipeline, InjectedBugFailsTheRunWithATraceBundle) {
  std::string dir = tempdir();
  Cmd c = run_cmd(std::string(DAXPROP_BINARY) +
                  " run --backing memfd --property data --cases 200 --seed 3 --inject "
                  "lost-write --results " + dir);
  EXPECT_EQ(c.status, 1) << c.out;
  EXPECT_NE(c.out.find("not ok 1 data.memfd.coherence"), std::string::npos) << c.out;
  std::string f = dir + "/latest/failures/data.memfd.coherence/";
  EXPECT_TRUE(read_file(f + "trace.txt").ok());
  EXPECT_TRUE(read_file(f + "trace.min.txt").ok());
  EXPECT_TRUE(read_file(f + "result.json").ok());
  Cmd rep = run_cmd(std::string(DAXPROP_BINARY) + " replay " + f + "trace.min.txt");
  EXPECT_EQ(rep.status, 1) << rep.out;
  run_cmd("rm -rf " + dir);
}

TEST(Pipeline, EverythingSkippedIsNotGreen) {
  std::string dir = tempdir();
  Cmd c = run_cmd(std::string(DAXPROP_BINARY) +
                  " run --backing anon --property file --cases 5 --results " + dir);
  EXPECT_EQ(c.status, 4) << c.out;
  run_cmd("rm -rf " + dir);
}

TEST(Corpus, EveryTraceParsesAndPassesAndCanFail) {
  auto files = corpus_files();
  ASSERT_GE(files.size(), 5u);
  for (const auto& f : files) {
    auto text = read_file(f);
    ASSERT_TRUE(text.ok()) << f;
    ASSERT_TRUE(std::holds_alternative<Trace>(parse_trace(*text))) << f;
  }
  // A corpus trace judged against a kernel that "forgets" SIGBUS fails.
  std::string dir = tempdir();
  std::string f = std::string(DAXPROP_SOURCE_DIR) + "/suites/regressions/shared-anon-grow-sigbus.txt";
  auto text = read_file(f);
  ASSERT_TRUE(text.ok());
  std::string t = *text;
  t.replace(t.find("inject none"), 11, "inject no-sigbus");
  ASSERT_TRUE(write_file(dir + "/t.txt", t));
  Cmd bad = run_cmd(std::string(DAXPROP_BINARY) + " replay " + dir + "/t.txt");
  EXPECT_EQ(bad.status, 1) << bad.out;
  Cmd good = run_cmd(std::string(DAXPROP_BINARY) + " replay " + f);
  EXPECT_EQ(good.status, 0) << good.out;
  run_cmd("rm -rf " + dir);
}

}  // namespace
}  // namespace daxprop
