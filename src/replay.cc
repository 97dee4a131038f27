#include <dirent.h>

#include <algorithm>
#include <iostream>

#include "fixtures/backing.h"
#include "src/case_runner.h"
#include "src/cli.h"
#include "src/model.h"
#include "src/oracle.h"

namespace daxprop {

ReplayResult replay_trace(const Trace& t, const Backing& b, double case_timeout_s) {
  ReplayResult r;
  std::vector<Op> ops;
  for (const auto& l : t.lines) ops.push_back(l.op);
  CaseOptions co;
  co.inject = inject_from_name(t.header.inject).value_or(Inject::kNone);
  co.timeout_s = case_timeout_s;
  CaseRun run = run_case(b, ops, co);
  Model m(b.traits());
  for (size_t i = 0; i < ops.size() && i < run.obs.size(); i++) {
    Expect want = m.step(ops[i]);
    if (t.lines[i].observed && !(*t.lines[i].observed == run.obs[i].out)) r.differ++;
    if (r.ok) {
      if (auto why = judge(ops[i], want, run.obs[i])) {
        r.ok = false;
        r.verdict = "op " + std::to_string(i + 1) + ": " + *why;
      }
    }
  }
  if (r.ok && run.end != CaseRun::End::kCompleted) {
    r.ok = false;
    r.verdict = run.detail;
  }
  r.obs = std::move(run.obs);
  return r;
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> out;
  std::string dir = std::string(DAXPROP_SOURCE_DIR) + "/suites/regressions";
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (auto* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 4 && n.substr(n.size() - 4) == ".txt") out.push_back(dir + "/" + n);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

int cmd_replay(const std::string& path, const FixtureConfig& cfg, double case_timeout_s) {
  auto text = read_file(path);
  if (!text) {
    std::cerr << "daxprop: cannot read trace: " << text.error().str() << "\n";
    return 2;
  }
  auto parsed = parse_trace(*text);
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    std::cerr << "daxprop: " << path << ":" << e->line << ": " << e->reason << "\n";
    return 2;
  }
  const Trace& t = std::get<Trace>(parsed);
  auto inject = inject_from_name(t.header.inject);
  if (!inject) {
    std::cerr << "daxprop: " << path << ": unknown inject '" << t.header.inject << "'\n";
    return 2;
  }
  std::unique_ptr<Backing> backing;
  for (auto& b : make_backings(cfg)) {
    if (b->id() == t.header.backing) backing = std::move(b);
  }
  if (!backing) {
    std::cerr << "daxprop: " << path << ": unknown backing '" << t.header.backing
              << "' (known: " << join(backing_ids(), ",") << ")\n";
    return 2;
  }
  std::vector<Op> ops;
  Model check(backing->traits());
  for (size_t i = 0; i < t.lines.size(); i++) {
    if (!check.valid(t.lines[i].op)) {
      std::cerr << "daxprop: " << path << ": op " << i + 1 << " (" << format_op(t.lines[i].op)
                << ") refers to a mapping, process or file that does not exist there\n";
      return 2;
    }
    check.step(t.lines[i].op);
    ops.push_back(t.lines[i].op);
  }
  if (auto why = backing->setup()) {
    std::cout << "SKIP: backing " << backing->id() << ": " << *why << "\n";
    return 4;
  }
  ReplayResult r = replay_trace(t, *backing, case_timeout_s);
  for (size_t i = 0; i < ops.size(); i++) {
    std::cout << format_op(ops[i]);
    if (i >= r.obs.size()) {
      std::cout << "  # => (not run)\n";
      continue;
    }
    const Outcome& got = r.obs[i].out;
    std::cout << "  # => " << format_outcome(got);
    if (t.lines[i].observed) {
      bool same = *t.lines[i].observed == got;
      std::cout << (same ? "  [same as recorded]"
                         : "  [DIFFERENT: recorded " + format_outcome(*t.lines[i].observed) + "]");
    }
    std::cout << "\n";
  }
  int differ = r.differ;
  std::optional<std::string> verdict;
  if (!r.ok) verdict = r.verdict;
  std::cout << "replay: " << ops.size() << " ops, " << differ
            << " outcomes differ from the recording\n";
  if (verdict) {
    std::cout << "FAIL: " << *verdict << "\n";
    return 1;
  }
  std::cout << "PASS: every outcome agrees with the model\n";
  return 0;
}

}  // namespace daxprop
