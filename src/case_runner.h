// One generated case = one fresh child process with a deadline. A hang or a crash of the case
// is a reported outcome, never a hung or dead runner.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "fixtures/backing.h"
#include "src/executor.h"
#include "src/ops.h"

namespace daxprop {

struct CaseOptions {
  double timeout_s = 30;
  std::string journal_path;  // trace of the case, each op written (and flushed) before it runs
  TraceHeader header;
  Inject inject = Inject::kNone;
  // Mark each op in the kernel log before it runs (KmsgCursor::mark_op): set when the caller
  // reads the log after the case.
  bool kmsg_marks = false;
};

struct CaseRun {
  enum class End { kCompleted, kSetupFailed, kCrashed, kTimedOut };
  End end = End::kCompleted;
  std::vector<Observation> obs;  // one per op that finished
  std::string detail;            // why the case ended early
  std::string signature;         // and where, as a signature (src/signature.h): "hang in write"
  std::string stacks;            // a hang: the kernel stacks of its tasks (ks_report, src/stacks.h)
  double seconds = 0;
};

CaseRun run_case(const Backing& backing, const std::vector<Op>& ops, const CaseOptions& opts);

// A racing case (src/race.h): each repetition on a fresh object, its ops, then the parallel
// section's threads (released together), then the final reads. The outcomes come back in
// race_all_ops order; a hang or crash inside a section is blamed on the section.
struct RaceCase;
CaseRun run_race_case(const Backing& backing, const RaceCase& rc, const CaseOptions& opts);

// The runner's side of a case, `body` being what the case process does: it sends one outcome
// per op of `ops` (the names a hang or crash is blamed on).
CaseRun run_case_with(const Backing& backing, const std::vector<Op>& ops, const CaseOptions& opts,
                      const std::function<void(int out, int journal)>& body);

}  // namespace daxprop
