#include "src/compare.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <iostream>
#include <regex>
#include <set>

#include "src/cli.h"
#include "src/common.h"
#include "src/report.h"

namespace daxprop {

int CompareResult::count(const std::string& cls) const {
  return static_cast<int>(std::count_if(tests.begin(), tests.end(),
                                        [&](const TestChange& t) { return t.cls == cls; }));
}

namespace {

struct RunView {
  std::string kernel, profile, daxprop;
  uint64_t seed = 0;
  struct Test {
    std::string verdict, signature, detail, repro;
  };
  std::map<std::string, Test> tests;
  std::vector<std::string> order;
  std::map<std::string, std::map<std::string, std::string>> capability;  // backing -> row
  std::map<std::string, std::string> contracts;                          // rule id -> side
  std::map<std::string, std::string> backing_state;                      // "ready" / "SKIP: ..."
  std::map<std::string, std::map<std::string, uint64_t>> outcomes;       // backing -> what -> n
};

std::string str(const YAML::Node& n, const char* key) {
  return n[key] && n[key].IsScalar() ? n[key].as<std::string>() : "";
}

RunView view_of(const std::string& text, const std::string& name) {
  YAML::Node root = YAML::Load(text);
  if (!root.IsMap() || !root["results"] || !root["results"].IsSequence()) {
    throw std::runtime_error(name + ": not a daxprop summary.json (no results)");
  }
  RunView v;
  v.kernel = str(root, "kernel");
  v.profile = root["profile"] ? str(root, "profile") : "explore";  // format 1 had no gate
  v.seed = root["seed"] ? root["seed"].as<uint64_t>() : 0;
  if (root["daxprop"]) v.daxprop = str(root["daxprop"], "version") + " " + str(root["daxprop"], "revision");
  for (const auto& r : root["results"]) {
    RunView::Test t;
    std::string name_ = str(r, "name");
    if (name_.empty()) throw std::runtime_error(name + ": a result without a name");
    // format 1 had no verdict: its status is the verdict
    t.verdict = r["verdict"] ? str(r, "verdict") : str(r, "status");
    t.signature = str(r, "signature");
    t.detail = t.verdict == "skip" ? str(r, "message") : str(r, "known_id");
    t.repro = str(r, "repro");
    v.tests[name_] = t;
    v.order.push_back(name_);
    auto parts = split(name_, '.');
    if (parts.size() >= 3 && r["op_outcomes"] && r["op_outcomes"].IsMap()) {
      for (const auto& kv : r["op_outcomes"]) {
        v.outcomes[parts[1]][kv.first.as<std::string>()] += kv.second.as<uint64_t>();
      }
    }
    if (parts.size() >= 3 && r["outcome_mix"] && r["outcome_mix"].IsMap()) {
      for (const auto& kv : r["outcome_mix"]) {
        v.outcomes[parts[1]]["outcome " + kv.first.as<std::string>()] += kv.second.as<uint64_t>();
      }
    }
  }
  if (root["backings"] && root["backings"].IsSequence()) {
    for (const auto& b : root["backings"]) {
      v.backing_state[str(b, "id")] =
          b["ready"] && b["ready"].as<bool>() ? "ready" : "SKIP (" + str(b, "skip_reason") + ")";
    }
  }
  if (root["contracts"] && root["contracts"].IsMap()) {
    for (const auto& kv : root["contracts"]) {
      v.contracts[kv.first.as<std::string>()] = kv.second.IsScalar() ? kv.second.as<std::string>() : "?";
    }
  }
  if (root["capabilities"] && root["capabilities"].IsMap()) {
    for (const auto& kv : root["capabilities"]) {
      for (const auto& f : kv.second) {
        v.capability[kv.first.as<std::string>()][f.first.as<std::string>()] =
            f.second.IsScalar() ? f.second.as<std::string>() : "?";
      }
    }
  }
  return v;
}

// The keys of two maps, sorted, each once.
template <typename M>
std::set<std::string> keys_of(const M& a, const M& b) {
  std::set<std::string> keys;
  for (const auto& kv : a) keys.insert(kv.first);
  for (const auto& kv : b) keys.insert(kv.first);
  return keys;
}

// A signature with its source line numbers taken out ("mm/pgtable-generic.c:42" ->
// "mm/pgtable-generic.c"): one report's line moves between kernel releases.
std::string without_lines(const std::string& sig) {
  static const std::regex kFileLine(R"(([A-Za-z0-9_./-]+\.[chS]):[0-9]+)");
  return std::regex_replace(sig, kFileLine, "$1");
}

bool bad(const std::string& v) { return v == "fail" || v == "xfail"; }
bool good(const std::string& v) { return v == "pass" || v == "xpass"; }
bool flaky(const RunView::Test& t) { return starts_with(t.repro, "flaky"); }

}  // namespace

std::variant<CompareResult, std::string> compare_summaries(const std::string& a_text,
                                                           const std::string& b_text,
                                                           const std::string& a_name,
                                                           const std::string& b_name) {
  RunView A, B;
  try {
    A = view_of(a_text, a_name);
    B = view_of(b_text, b_name);
  } catch (const YAML::Exception& e) {
    return "cannot parse a summary.json: " + e.msg;
  } catch (const std::exception& e) {
    return e.what();
  }
  CompareResult c;
  c.run_a = a_name, c.run_b = b_name;
  c.kernel_a = A.kernel, c.kernel_b = B.kernel;
  c.profile_a = A.profile, c.profile_b = B.profile;
  c.seed_a = A.seed, c.seed_b = B.seed;
  c.daxprop_a = A.daxprop, c.daxprop_b = B.daxprop;
  if (A.seed != B.seed) c.caveats.push_back("the seeds differ: the runs drew different cases");
  if (A.daxprop != B.daxprop) c.caveats.push_back("daxprop differs (" + A.daxprop + " / " + B.daxprop + ")");
  // Across two kernels a report's source line moves with the code around it: the same report
  // is the same failure.
  const bool other_kernel = A.kernel != B.kernel;
  auto same_sig = [&](const std::string& x) { return other_kernel ? without_lines(x) : x; };
  if (other_kernel) c.caveats.push_back("the kernels differ: signatures are compared without source line numbers");
  if (A.profile != "gate" || B.profile != "gate") {
    c.caveats.push_back("not two gate runs: exploration's cases depend on time");
  }

  std::vector<std::string> names = A.order;
  for (const auto& n : B.order) {
    if (!A.tests.count(n)) names.push_back(n);
  }
  for (const auto& name : names) {
    TestChange t;
    t.test = name;
    auto ia = A.tests.find(name), ib = B.tests.find(name);
    t.a = ia == A.tests.end() ? "-" : ia->second.verdict;
    t.b = ib == B.tests.end() ? "-" : ib->second.verdict;
    if (ia != A.tests.end() && bad(t.a)) t.sig_a = ia->second.signature;
    if (ib != B.tests.end() && bad(t.b)) t.sig_b = ib->second.signature;
    t.detail = ib != B.tests.end() ? ib->second.detail : ia->second.detail;
    const std::string &a = t.a, &b = t.b;
    if (a == "-" && starts_with(name, "replay.")) {
      // A's minimal failing trace replayed on B (runners/run --baseline): does B still fail it?
      t.cls = bad(b) ? "still failing" : good(b) ? "fixed" : "unstable";
      t.detail = "A's minimal trace of " + split(name, '.')[2] + " replayed on B";
    } else if (a == "-") {
      t.cls = "new test";
    } else if (b == "-") {
      t.cls = "missing";
    } else if (a == "error" || a == "timeout" || b == "error" || b == "timeout" ||
               flaky(ia->second) || flaky(ib->second)) {
      t.cls = "unstable";
    } else if (good(a) && bad(b)) {
      t.cls = "regression";
    } else if (bad(a) && good(b)) {
      t.cls = "fixed";
    } else if (bad(a) && bad(b)) {
      t.cls = same_sig(t.sig_a) == same_sig(t.sig_b) ? "still failing" : "regression";
    } else if (a == "skip" && b == "skip") {
      t.cls = "unchanged";
    } else if (a == "skip") {
      t.cls = bad(b) ? "regression" : "new test";
    } else if (b == "skip") {
      t.cls = "missing";
    } else {
      t.cls = "unchanged";
    }
    c.tests.push_back(std::move(t));
  }

  std::set<std::string> sa, sb;
  for (const auto& [n, t] : A.tests) {
    if (bad(t.verdict) && !t.signature.empty()) sa.insert(same_sig(t.signature));
  }
  for (const auto& [n, t] : B.tests) {
    if (bad(t.verdict) && !t.signature.empty()) sb.insert(same_sig(t.signature));
  }
  std::set_difference(sb.begin(), sb.end(), sa.begin(), sa.end(), std::back_inserter(c.signatures_appeared));
  std::set_difference(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(c.signatures_gone));

  // A contract that changed between the two kernels is a behaviour change, not a failure.
  for (const auto& id : keys_of(A.contracts, B.contracts)) {
    const std::string va = A.contracts.count(id) ? A.contracts[id] : "-";
    const std::string vb = B.contracts.count(id) ? B.contracts[id] : "-";
    if (va.substr(0, 5) != vb.substr(0, 5)) c.capability_changes.push_back("contract " + id + ": " + va + " -> " + vb);
  }
  for (const auto& id : keys_of(A.backing_state, B.backing_state)) {
    std::string sa_ = A.backing_state.count(id) ? A.backing_state[id] : "absent";
    std::string sb_ = B.backing_state.count(id) ? B.backing_state[id] : "absent";
    if (sa_ != sb_) c.capability_changes.push_back(id + ": " + sa_ + " -> " + sb_);
    auto& ca = A.capability[id];
    auto& cb = B.capability[id];
    for (const auto& k : keys_of(ca, cb)) {
      std::string va = ca.count(k) ? ca[k] : "-", vb = cb.count(k) ? cb[k] : "-";
      if (va != vb) c.capability_changes.push_back(id + " " + k + ": " + va + " -> " + vb);
    }
  }
  for (const auto& b : keys_of(A.outcomes, B.outcomes)) {
    auto& ma = A.outcomes[b];
    auto& mb = B.outcomes[b];
    for (const auto& k : keys_of(ma, mb)) {
      uint64_t va = ma.count(k) ? ma[k] : 0, vb = mb.count(k) ? mb[k] : 0;
      if (va != vb) c.outcome_changes.push_back({b, k, va, vb});
    }
  }
  // Largest changes first; a count that went to or came from zero before any other.
  std::stable_sort(c.outcome_changes.begin(), c.outcome_changes.end(), [](const auto& x, const auto& y) {
    auto zero = [](const auto& e) { return (e.a == 0) != (e.b == 0); };
    auto mag = [](const auto& e) { return e.a > e.b ? e.a - e.b : e.b - e.a; };
    if (zero(x) != zero(y)) return zero(x);
    return mag(x) > mag(y);
  });
  return c;
}

std::variant<CompareResult, std::string> compare_runs(const std::string& run_a,
                                                      const std::string& run_b) {
  auto a = read_file(run_a + "/summary.json");
  if (!a) return "cannot read " + run_a + "/summary.json: " + a.error().str();
  auto b = read_file(run_b + "/summary.json");
  if (!b) return "cannot read " + run_b + "/summary.json: " + b.error().str();
  return compare_summaries(*a, *b, run_a, run_b);
}

int cmd_compare(const std::vector<std::string>& args) {
  bool json = false;
  std::string out;
  std::vector<std::string> runs;
  for (size_t i = 1; i < args.size(); i++) {
    if (args[i] == "--json") {
      json = true;
    } else if (args[i] == "--out") {
      if (i + 1 >= args.size()) {
        std::cerr << "daxprop: --out needs a directory\n";
        return 2;
      }
      out = args[++i];
    } else if (starts_with(args[i], "--")) {
      std::cerr << "daxprop: unknown option '" << args[i] << "' for compare (try --help)\n";
      return 2;
    } else {
      runs.push_back(args[i]);
    }
  }
  if (runs.size() != 2) {
    std::cerr << "daxprop: compare takes two run directories (RUN_A RUN_B)\n";
    return 2;
  }
  auto r = compare_runs(runs[0], runs[1]);
  if (auto* why = std::get_if<std::string>(&r)) {
    std::cerr << "daxprop: " << *why << "\n";
    return 2;
  }
  const CompareResult& c = std::get<CompareResult>(r);
  std::cout << (json ? compare_json(c) : compare_text(c));
  if (!out.empty()) {
    if (!write_file(out + "/compare.txt", compare_text(c)) ||
        !write_file(out + "/compare.json", compare_json(c)) ||
        !write_file(out + "/compare.html", compare_html(c, true))) {
      std::cerr << "daxprop: cannot write compare.{txt,json,html} under " << out << "\n";
      return 2;
    }
    // The run's own report gets the section too, when the output goes beside it.
    std::string report = out + "/report.html";
    if (auto html = read_file(report)) {
      std::string h = *html;
      const std::string mark = "<!-- compare -->";
      auto cut = h.find(mark);
      if (cut != std::string::npos) h = h.substr(0, cut) + "</body></html>\n";
      auto end = h.rfind("</body>");
      if (end != std::string::npos) {
        h = h.substr(0, end) + mark + "\n" + compare_html(c, false) + "</body></html>\n";
        if (!write_file(report, h)) std::cerr << "daxprop: cannot update " << report << "\n";
      }
    }
  }
  return c.count("regression") > 0 ? 1 : 0;
}

}  // namespace daxprop
