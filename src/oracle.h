// The oracle: does an observation agree with what the model expected?
#pragma once

#include <optional>
#include <string>

#include "src/model.h"

namespace daxprop {

// Nothing if the observation agrees; else one paragraph saying what differed (with a hexdump
// window around the first differing byte for data).
std::optional<std::string> judge(const Op& op, const Expect& want, const Observation& got);

// Runs a whole trace's observations through a fresh model; the first disagreement, if any.
struct Verdict {
  bool ok = true;
  size_t op_index = 0;   // the op that disagreed
  std::string message;   // what differed
  Outcome expected;      // the model's outcome for that op
};
Verdict judge_trace(const BackingTraits& traits, const std::vector<Op>& ops,
                    const std::vector<Observation>& obs);

}  // namespace daxprop
