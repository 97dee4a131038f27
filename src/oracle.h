// The oracle: does an observation agree with what the model expected?
#pragma once

#include <optional>
#include <string>

#include "src/model.h"
#include "src/rt/rt.h"

namespace daxprop {

// Nothing if the observation agrees; else one paragraph saying what differed (with a hexdump
// window around the first differing byte for data).
// `signature`, if given, receives the disagreement's signature (src/signature.h): the op and
// how it differed, without lengths, offsets or values ("mprotect: expected EINVAL, got ok").
std::optional<std::string> judge(const Op& op, const Expect& want, const Observation& got,
                                 std::string* signature = nullptr);

// The probe's fault bounds as the runtime checks them (pointers into `want`).
std::vector<rt_fbound> rt_bounds_of(const Expect& want);

// Runs a whole trace's observations through a fresh model; the first disagreement, if any.
struct Verdict {
  bool ok = true;
  size_t op_index = 0;   // the op that disagreed
  std::string message;   // what differed
  std::string signature;  // how, as a signature
  Outcome expected;      // the model's outcome for that op
};
Verdict judge_trace(const BackingTraits& traits, const std::vector<Op>& ops,
                    const std::vector<Observation>& obs);

}  // namespace daxprop
