// The C reproducer: one self-contained C file (libc and raw syscalls only) that sets the backing
// up, replays a trace's ops in the same processes, and checks each outcome against the model's
// expectation. It prints "REPRO: <what differed>" and exits 1 when the kernel disagrees, prints
// "OK: ..." and exits 0 when it does not. Generated from the same ops the executor runs.
#pragma once

#include <string>
#include <vector>

#include "src/model.h"
#include "src/ops.h"

namespace daxprop {

// How the reproducer gets its object: C statements that set `int fd` (or leave it -1 for
// anonymous memory) and may read argv; plus what a person must do first, if anything.
struct CSetup {
  std::string code;
  std::string manual_step;  // empty when the program needs nothing from its user
  bool needs_argv = false;  // the object comes from the command line: daxprop cannot run it
};

// The model's expectation for every op of the trace (what a correct kernel does).
std::vector<Expect> expectations(const BackingTraits& traits, const std::vector<Op>& ops);

std::string emit_c(const Trace& trace, const BackingTraits& traits, const CSetup& setup,
                   const std::vector<Expect>& expected);

}  // namespace daxprop
