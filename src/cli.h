// The daxprop commands. Each returns the process exit status (0 pass, 1 failure, 2 usage
// error, 4 nothing ran).
#pragma once

#include <string>
#include <vector>

#include "fixtures/backing.h"
#include "src/case_runner.h"
#include "src/executor.h"
#include "src/kmsg.h"
#include "src/report.h"
#include "src/shard.h"

namespace daxprop {

struct RunOptions {
  std::vector<std::string> backings;    // empty: all
  std::vector<std::string> properties;  // family.name or family; empty: all
  uint64_t seed = 0;
  bool seed_given = false;
  int cases = 100;
  bool cases_given = false;
  // The gate (default): seed 1 unless given, a fixed number of cases per test by backing cost
  // (gate_tier), the budget a watchdog. --explore: a random seed unless given, the budget
  // shared by the properties decides how many cases run.
  bool explore = false;
  bool swarm = false;  // --swarm: each case draws its own op mix (generators/ops_gen.h gen_swarm)
  double budget_s = 0;
  std::string known_issues;  // a known-issues file; "" the shipped one; "none" none
  bool resume = false;       // a VM run that rebooted after a panic: go on after the done tests
  std::string replay_from;   // a run whose minimal failing traces are replayed as tests
  KcidbOptions kcidb;
  // Every --inject KIND[@GLOB], in order: a test gets the first whose glob matches its name.
  std::vector<std::pair<Inject, std::string>> injects;
  std::string results = "results";
  double case_timeout_s = 30;
  int max_size = 40;
  FixtureConfig fixtures;
  std::string run_id;  // chosen by the caller (runners/run), else a timestamp
  Shard shard;         // --shard I/N: this part of the test matrix (src/shard.h)
  // The options that decide which cases the tests run and how they are judged, as one string:
  // the parts of a sharded run must agree on it (daxprop merge).
  std::string canonical() const;
};

// Replays a trace on a backing once and judges every outcome with the model.
struct ReplayResult {
  std::vector<Observation> obs;
  bool ok = true;
  std::string verdict;    // the first disagreement, or how the case ended early
  std::string signature;  // its signature (src/signature.h)
  int differ = 0;         // outcomes unlike the ones the trace recorded
  CaseRun::End end = CaseRun::End::kCompleted;
  std::vector<std::string> kmsg;  // bad kernel-log lines of the case (with a cursor)
  std::string stacks;             // it hung: the kernel stacks of its tasks (CaseRun::stacks)
  // A racing trace: repetitions judged, and those no order of the section explains.
  int race_reps = 0, race_failed = 0;
};
// With a kernel-log cursor, a bad line or new taint during the case fails it (HEALTH), as in
// a property; the journal, if named, is written op by op as the case runs.
ReplayResult replay_trace(const Trace& t, const Backing& b, double case_timeout_s,
                          KmsgCursor* kmsg = nullptr, const std::string& journal_path = "");

// The regression corpus: minimized traces promoted from findings and hand-written scenarios,
// replayed on every run (suites/regressions/*.txt in the source tree).
std::vector<std::string> corpus_files();

int cmd_list(const FixtureConfig& cfg);
// Writes `count` generated traces of a property on a backing into dir (no kernel involved).
int cmd_gen(const std::string& backing, const std::string& property, int count, uint64_t seed,
            int max_ops, const std::string& dir);
// Prints the C reproducer of a trace.
int cmd_emit(const std::string& path, const FixtureConfig& cfg);
// Sets backing `id` up (with --provision: carves and binds as a run does) and leaves it so.
int cmd_provision(const std::string& id, const FixtureConfig& cfg);
// A plain-text bug report of a failure directory (src/bugreport.cc).
int cmd_bugreport(const std::vector<std::string>& args);
// Replays several traces; one line each with --quiet.
int cmd_replay_many(const std::vector<std::string>& paths, const FixtureConfig& cfg,
                    double case_timeout_s, bool quiet);
int cmd_run(const RunOptions& o);
// What a gate runs per test on a backing, by what one case costs there under TCG: the cases,
// the shrink steps after a failure, and the size every case is drawn at (0: RapidCheck's ramp).
struct GateTier {
  int cases, shrinks, fixed_size;
};
GateTier gate_tier(const BackingTraits& t);
// The cases a gate gives a property on a backing: its tier's, scaled by the property's share.
struct PropertySpec;
int gate_cases(const PropertySpec& spec, const BackingTraits& t);
// `daxprop compare RUN_A RUN_B`: the behaviour diff of two runs (src/compare.cc).
int cmd_compare(const std::vector<std::string>& args);
// A test whose guest kernel went down under it (runners/run recorded the crash): its failure,
// from the journal in dir/journal (the op that did not return) and the console's report.
PropertyRun crashed_result(const std::string& name, const std::string& dir, const std::string& kind,
                           const std::string& detail, const std::string& console_path);
// Known issues (src/known_issues.h): a failure whose test, signature and kernel match one is
// XFAIL; a passing test (a regression trace) of one is XPASS, with what is known of a fix.
void classify_known(PropertyRun& pr, const KnownIssues& known, const std::string& kernel);
// RUN/crashes.tsv (runners/run: a line per guest that went down and rebooted), in order: the
// test, how it went down ("panic", "hang"), the console's line, the kept console (from RUN).
struct Crash {
  std::string test, kind, detail, console;
};
std::vector<Crash> read_crashes(const std::string& dir);
// The result "teardown.<backing>.release": the backing's teardown steps, run after the last
// case, each complete without error within timeout_s.
PropertyRun teardown_check(Backing& b, double timeout_s);
int cmd_replay(const std::string& path, const FixtureConfig& cfg, double case_timeout_s);
// The differential check of the executor against the reproducers: each trace is run by the
// executor and by its emitted repro.c, and the two must name the same first disagreeing op (or
// none); `plant` adds a variant with one op's expectation altered (both must fail there), `skew`
// one whose reproducer's ops drifted (offsets a page further, other patterns: they must disagree,
// the check's own self-test). 0 all agree, 1 one disagrees, 4 nothing compared, 2 bad input.
int cmd_crosscheck(const std::vector<std::string>& paths, const FixtureConfig& cfg,
                   double case_timeout_s, bool plant, bool skew);

// Parses argv (without the program name) and dispatches. Bad input: one line on stderr, 2.
int cli_main(const std::vector<std::string>& args);

}  // namespace daxprop
