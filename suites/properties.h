// The property catalogue (families × backings) and the driver that runs one property on one
// backing with RapidCheck's stateful API, one forked case process per generated sequence.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fixtures/backing.h"
#include "generators/ops_gen.h"
#include "src/executor.h"
#include "src/kmsg.h"
#include "src/ops.h"

namespace daxprop {

struct PropertySpec {
  std::string family;  // data, fault, args, fork, file
  std::string name;
  std::string summary;
  // Empty if the property applies to the backing, else why not (a SKIP reason).
  std::function<std::string(const BackingTraits&)> not_applicable;
  OpMix mix;
  // A racing property (src/race.h): `mix` draws the case's ops, a parallel section follows.
  bool race = false;
  // Percent of its backing's gate cases (gate_tier) a gate gives it: a racing case repeats its
  // ops up to 16 times.
  int gate_percent = 100;
  std::string id() const { return family + "." + name; }
  std::string test_name(const std::string& backing) const {
    return family + "." + backing + "." + name;
  }
};

const std::vector<PropertySpec>& all_properties();

struct RunSettings {
  uint64_t seed = 0;
  int cases = 100;
  double budget_s = 0;  // 0: no time limit for this property
  double case_timeout_s = 30;
  int max_size = 40;    // longest op sequence RapidCheck draws
  // Every case drawn at this size (0: RapidCheck's ramp from 0 to max_size over each chunk of
  // cases). A test of one or two cases on a slow backing would otherwise draw size 0: no op.
  int fixed_size = 0;
  Inject inject = Inject::kNone;
  bool swarm = false;  // each case draws its own op mix (gen_swarm)
  std::string journal_dir;  // where each case's journal goes (empty: none)
  std::string kernel;
  // The run's watchdog: past it no case starts, a running case is cut short, and the test is a
  // TIMEOUT (never a pass, never a kernel verdict).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // Shrink steps after the first failure; 0: bounded by time only (exploration). A count keeps a
  // gate's minimal traces the same on a fast and a slow machine.
  int max_shrinks = 0;
  // Shrink candidates that may hang, after the first failure: each one costs the case timeout,
  // so a hang's shrinking stops at this many (a count: the same trace on any machine).
  int max_hung_shrinks = 6;
  // Called with the first failure's signature: true if it is a known issue (XFAIL), which
  // then is not shrunk (its first failing case is the trace).
  std::function<bool(const std::string& signature)> known;
};

struct PropertyRun {
  // kTimeout: the run's watchdog cut the test short (or it never started): not a verdict.
  enum class Status { kPass, kFail, kSkip, kError, kTimeout };
  // A failure whose test and signature match a known issue is XFAIL (status stays kFail); a
  // regression trace of a known issue that passes is XPASS (status stays kPass).
  enum class Known { kNone, kXfail, kXpass };
  std::string name;  // <family>.<backing>.<property>
  Status status = Status::kPass;
  std::string message;  // failure, skip or error reason
  std::string signature;  // a failure's identity (src/signature.h), of its first failing case
  Known known = Known::kNone;
  std::string known_id;   // the known issue (XFAIL/XPASS)
  int cases = 0;         // cases that passed the oracle (RapidCheck's successes)
  int shrink_cases = 0;  // extra cases run while shrinking a failure
  uint64_t ops = 0;
  double seconds = 0;
  double first_failure_s = 0;  // from the start to the first failing case (a failure only)
  double shrink_s = 0;         // from the first failing case to the minimal one
  bool budget_hit = false;
  uint64_t seed = 0;
  std::string reproduce;
  std::map<std::string, uint64_t> op_mix;
  std::map<std::string, uint64_t> outcome_mix;  // ok / err EINVAL / sig SIGBUS BUS_ADRERR ...
  // Pins and KVM ops by method and outcome ("pin io_uring => err EOPNOTSUPP"): what each
  // path did on this backing (the pin x backing table); a racing test's linearizability work
  // ("race: repetitions judged", "race: orders tried to the end", ...).
  std::map<std::string, uint64_t> op_outcomes;
  std::map<std::string, int> classes;           // RC_CLASSIFY distribution
  std::optional<Trace> first_failure, min_failure;
  std::string repro;         // repro.c of the minimal failure, if one was emitted
  std::string repro_status;  // "confirmed 3/3", "flaky 1/3", "not reproduced 0/3", or why none
  std::vector<std::string> kmsg;
  std::string stacks;  // the first failing case hung: its kernel stacks (failures/<test>/stacks.txt)
};

using Progress = std::function<void(const std::string& name, int cases, int target)>;

// One op sequence as the property's generator draws it (no kernel involved): for fixed trace
// sets (benchmarks, corpora). Deterministic in (seed, size).
std::vector<Op> generate_ops(const PropertySpec& spec, const BackingTraits& traits, uint64_t seed,
                             int size);

// A racing property's case as its generator draws it (src/race.h), deterministic in (seed, size).
struct RaceCase;
RaceCase generate_race(const PropertySpec& spec, const BackingTraits& traits, uint64_t seed, int size);

PropertyRun run_property(const PropertySpec& spec, const Backing& backing,
                         const RunSettings& settings, KmsgCursor& kmsg, const Progress& progress);


}  // namespace daxprop
