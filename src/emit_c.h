// The C reproducer: one self-contained C file (libc and raw syscalls only) that sets the backing
// up, replays a trace's ops in the same processes, and checks each outcome against the model's
// expectation. Exit status, for `git bisect run`: 0 ("OK: ...") the kernel behaves; 1
// ("REPRO: <what differed>") it does not, a kernel-log report and a hang included (a watchdog
// parent names the op still running after REPRO_TIMEOUT seconds and kills it); 125
// ("SETUP: ...") the program cannot set its object up here. It is daxprop's own runtime
// (src/rt/: the code the executor runs) followed by the trace's ops and expectations as data.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "src/model.h"
#include "src/ops.h"

namespace daxprop {

// Seconds an op of a reproducer may run before the watchdog calls it a hang (REPRO_TIMEOUT
// overrides): twice the suite's default case timeout, so a slow machine is not a false hang.
constexpr int kReproTimeoutS = 60;

// How the reproducer gets its object: the body of `int setup(struct rt_ctx *c, int argc,
// char **argv)`, a call of the runtime's (src/rt/rt_setup.c: `return rt_setup_memfd(c, 0,
// 0x10000);`), empty for anonymous memory; plus what a person must do first, if anything.
struct CSetup {
  std::string code;
  std::string manual_step;  // empty when the program needs nothing from its user
  bool needs_argv = false;  // the object comes from the command line: daxprop cannot run it
  // The object is a device only one process may hold (a VFIO group): not while the run that
  // found the failure holds it; runners/repro runs the reproducer in a VM of its own.
  bool exclusive = false;
};

// The model's expectation for every op of the trace (what a correct kernel does).
std::vector<Expect> expectations(const BackingTraits& traits, const std::vector<Op>& ops);

std::string emit_c(const Trace& trace, const BackingTraits& traits, const CSetup& setup,
                   const std::vector<Expect>& expected);

// A racing trace's reproducer: its repetitions, each the case's ops, the section's threads
// released together and the final reads; a repetition no world of race_worlds explains counts,
// and the program ends "reproduced k/N". An error when the trace does not fit the model or its
// section has too many orders or outcomes to carry.
struct RaceCError {
  std::string why;
};
std::variant<std::string, RaceCError> emit_race_c(const Trace& trace, const BackingTraits& traits,
                                                  const CSetup& setup);

}  // namespace daxprop
