// One generated case = one fresh child process with a deadline. A hang or a crash of the case
// is a reported outcome, never a hung or dead runner.
#pragma once

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

}  // namespace daxprop
