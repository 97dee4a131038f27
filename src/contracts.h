// Contracts that changed between kernel releases, in one table a reader can audit. Where the
// kernel's documented behaviour differs by release, the model asks holds(traits, Rule::k...)
// instead of encoding one release: a run on the other side of the change gets the behaviour of
// its own kernel, not a false FAIL.
//
// A rule holds from `since`, the first release that shipped its commit, judged from the
// running kernel's release (BackingTraits::kernel). A distribution that backports the commit
// to an older release is caught by evidence on the running kernel (a probe of the behaviour,
// see fixtures/backing.cc probe_contracts): evidence may only move a rule forward (an older
// release that already behaves the newer way); a release at or past `since` that still shows
// the older behaviour is a regression, and the model keeps expecting the newer one.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace daxprop {

struct BackingTraits;

enum class Rule : uint8_t {
  kPopulateStopsAtHole,
  kMremapMovesMultipleVmas,
  kMremapChecksBeforeTrim,
  kIoUringLeavesFileCheckToGup,
  kCount
};
constexpr size_t kRuleCount = static_cast<size_t>(Rule::kCount);

struct RuleInfo {
  Rule rule;
  const char* id;      // stable name (summary.json "contracts", compare)
  uint32_t since;      // kv(major, minor) of the first release with the newer behaviour
  const char* commit;  // the upstream commit that changed it
  const char* newer;   // the behaviour from `since` on
  const char* older;   // the behaviour before
};

const std::array<RuleInfo, kRuleCount>& contract_rules();
const RuleInfo& rule_info(Rule r);

// Whether the newer behaviour of `r` holds for the kernel these traits describe.
bool holds(const BackingTraits& t, Rule r);

// Why holds() says what it says, for summary.json: "6.12 >= 6.10" / "6.1 < 6.10" / "backport:
// <evidence>".
std::string rule_reason(const BackingTraits& t, Rule r);

}  // namespace daxprop
