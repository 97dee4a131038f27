// Sharding a run: `daxprop run --shard I/N` runs the I-th of N parts of the same test matrix,
// and `daxprop merge` folds the N result directories into one run. A part is chosen by the
// tests' measured cost (suites/costs.tsv), so N machines (or N VMs on one) finish together,
// and deterministically, so the union of the parts is the unsharded run: the same tests, each
// with the same cases (a test's seed is mixed from its name, not from what ran before it).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace daxprop {

struct Shard {
  int index = 1, count = 1;  // 1-based; 1/1 is the whole run
  bool whole() const { return count == 1; }
  std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
};
// "I/N" with 1 <= I <= N <= 256; nullopt on anything else.
std::optional<Shard> parse_shard(const std::string& s);

// What one case of a test costs, measured in a reference run (suites/costs.tsv: test, cases,
// seconds, as a gate under TCG on 2 cores measured them).
struct CostTable {
  std::string path;
  std::map<std::string, double> per_case;  // test name -> seconds / max(cases, 1)
};
// A one-line reason if the file cannot be read or a line is malformed.
std::optional<std::string> load_costs(const std::string& path, CostTable& out);
std::string shipped_costs();

// A unit of sharding: tests that must run in one part, in plan order (a backing's pin and KVM
// tests with the teardown check after them), and their estimated cost in seconds.
struct ShardUnit {
  std::string key;
  double cost = 0;
};
// The part (1-based) each unit goes to: longest cost first, each to the part with the least
// cost so far (ties: the lower part, then the key's order). Deterministic in the units alone.
std::vector<int> assign_shards(const std::vector<ShardUnit>& units, int count);

// `daxprop merge --out DIR RUN...`: the parts of one sharded run, as one run (src/merge.cc).
int cmd_merge(const std::vector<std::string>& args);

}  // namespace daxprop
