// `daxprop compare RUN_A RUN_B`: the behaviour diff of two runs, typically two kernels under
// the same daxprop and seed. What a kernel CI acts on is a change: a test that went from
// passing to failing, a failure with a new signature, a capability the kernel lost.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace daxprop {

// One test's change between the runs. Classes:
//   regression     passed in A, fails in B (a known issue too: it did not show in A); or failed
//                  in both with a signature B has and A had not
//   fixed          failed in A, passes in B
//   still failing  failed in both with the same signature
//   unchanged      passed in both (or skipped in both)
//   new test       in B only, or skipped in A and run in B
//   missing        in A only, or run in A and skipped in B
//   unstable       no verdict on one side (ERROR, TIMEOUT) or a reproducer that was flaky
struct TestChange {
  std::string test, cls;
  std::string a, b;            // verdict words (pass fail xfail xpass skip error timeout, "-")
  std::string sig_a, sig_b;    // signatures of failures
  std::string detail;          // a skip reason, a known-issue id
};

struct CompareResult {
  std::string run_a, run_b, kernel_a, kernel_b, profile_a, profile_b;
  uint64_t seed_a = 0, seed_b = 0;
  std::string daxprop_a, daxprop_b;
  std::vector<std::string> caveats;    // why the two runs may not have run the same cases
  std::vector<TestChange> tests;       // every test of either run
  // "devdax_1g largest_mapping: 1G -> 2M", "pfnmap_vfio: ready -> SKIP (...)".
  std::vector<std::string> capability_changes;
  // Per backing, op outcomes whose counts changed: {backing, what, count A, count B}.
  struct OutcomeChange {
    std::string backing, what;
    uint64_t a = 0, b = 0;
  };
  std::vector<OutcomeChange> outcome_changes;
  std::vector<std::string> signatures_appeared, signatures_gone;
  int count(const std::string& cls) const;
};

// Reads RUN/summary.json of each run; a one-line reason if one cannot be read.
std::variant<CompareResult, std::string> compare_runs(const std::string& run_a,
                                                      const std::string& run_b);
// The same from two summary.json texts (tests).
std::variant<CompareResult, std::string> compare_summaries(const std::string& a_text,
                                                           const std::string& b_text,
                                                           const std::string& a_name,
                                                           const std::string& b_name);

}  // namespace daxprop
