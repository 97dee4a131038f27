#include "src/shard.h"

#include <algorithm>
#include <numeric>

#include "src/common.h"

namespace daxprop {

std::optional<Shard> parse_shard(const std::string& s) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const std::string a = s.substr(0, slash), b = s.substr(slash + 1);
  auto digits = [](const std::string& x) {
    return !x.empty() && x.size() <= 3 && x.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!digits(a) || !digits(b)) return std::nullopt;
  Shard sh{std::stoi(a), std::stoi(b)};
  if (sh.index < 1 || sh.count < 1 || sh.index > sh.count || sh.count > 256) return std::nullopt;
  return sh;
}

std::optional<std::string> load_costs(const std::string& path, CostTable& out) {
  auto text = read_file(path);
  if (!text) return "cannot read cost table: " + text.error().str();
  out.path = path;
  out.per_case.clear();
  int n = 0;
  for (const auto& raw : split(*text, '\n')) {
    n++;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    auto cases = f.size() == 3 ? parse_u64(f[1]) : std::nullopt;
    double secs = -1;
    if (f.size() == 3) {
      char* end = nullptr;
      secs = strtod(f[2].c_str(), &end);
      if (end == f[2].c_str() || *end) secs = -1;
    }
    if (!cases || secs < 0 || f[0].empty()) {
      return path + ":" + std::to_string(n) + ": not 'TEST<TAB>CASES<TAB>SECONDS'";
    }
    out.per_case[f[0]] = secs / static_cast<double>(std::max<uint64_t>(*cases, 1));
  }
  return std::nullopt;
}

std::string shipped_costs() { return std::string(DAXPROP_SOURCE_DIR) + "/suites/costs.tsv"; }

std::vector<int> assign_shards(const std::vector<ShardUnit>& units, int count) {
  std::vector<size_t> order(units.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (units[a].cost != units[b].cost) return units[a].cost > units[b].cost;
    return units[a].key < units[b].key;
  });
  std::vector<double> load(static_cast<size_t>(std::max(1, count)), 0.0);
  std::vector<int> part(units.size(), 1);
  for (size_t u : order) {
    const size_t best = static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[best] += units[u].cost;
    part[u] = static_cast<int>(best) + 1;
  }
  return part;
}

}  // namespace daxprop
