// `daxprop merge --out DIR RUN...`: the parts of a sharded run (daxprop run --shard I/N), each
// a results directory, folded into one run: one KTAP (numbered in the whole plan's order), one
// summary.json, JUnit, KCIDB and report.html, and every part's failures/ under DIR. The parts
// must be the N parts of one plan (same kernel, daxprop, seed and options): else exit 2. A test
// a part never finished is a failure when its guest kernel went down under it (crashes.tsv,
// vm-failure.txt: the journal and the console say which op), else an ERROR. runners/run also
// finishes a whole VM run with it (`merge --out RUN RUN`: the run as its only part), so that the
// host's facts (vm.json, crashes) reach the reports through report.cc alone.
#include <yaml-cpp/yaml.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <set>

#include "src/cli.h"
#include "src/common.h"
#include "src/report.h"
#include "src/shard.h"

namespace daxprop {

namespace {

struct Part {
  std::string dir;
  Shard shard;
  YAML::Node plan, summary;  // summary: null when the part ended before writing one
  std::string vm_json;       // the part's vm.json (a VM run), raw
  double start = 0, end = 0; // wall clock (epoch seconds)
};

std::string str(const YAML::Node& n, const char* key) {
  return n && n[key] && n[key].IsScalar() ? n[key].as<std::string>() : "";
}
std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> v;
  if (n && n.IsSequence()) {
    for (const auto& x : n) v.push_back(x.as<std::string>());
  }
  return v;
}

// Loads one part; a one-line reason if it is not one.
std::optional<std::string> load_part(const std::string& dir, Part& p) {
  p.dir = dir;
  auto plan = read_file(dir + "/plan.json");
  if (!plan) return dir + ": no plan.json (not a daxprop run directory)";
  try {
    p.plan = YAML::Load(*plan);
    auto sh = parse_shard(str(p.plan, "shard"));
    if (!p.plan.IsMap() || !sh || !p.plan["tests"] || !p.plan["shard_tests"]) {
      return dir + "/plan.json: not a daxprop plan";
    }
    p.shard = *sh;
    if (auto s = read_file(dir + "/summary.json")) p.summary = YAML::Load(*s);
  } catch (const YAML::Exception& e) {
    return dir + ": unreadable plan.json or summary.json: " + e.msg;
  }
  if (auto vm = read_file(dir + "/vm.json")) p.vm_json = trim(*vm);
  if (auto st = read_file(dir + "/started")) {
    auto f = split(trim(*st), ' ');
    if (f.size() == 2) {
      if (auto e = parse_u64(f[1])) p.start = static_cast<double>(*e);
    }
  }
  struct stat sb {};
  if (p.summary.IsMap() && p.summary["duration_s"]) {
    p.end = p.start + p.summary["duration_s"].as<double>();
  } else if (stat((dir + "/progress.jsonl").c_str(), &sb) == 0) {
    p.end = static_cast<double>(sb.st_mtime);
  }
  return std::nullopt;
}

// The backings a part's summary.json describes, with their capability rows.
std::vector<BackingReport> backings_of(const YAML::Node& summary) {
  std::vector<BackingReport> out;
  if (!summary || !summary["backings"]) return out;
  for (const auto& b : summary["backings"]) {
    BackingReport r;
    r.id = str(b, "id");
    r.description = str(b, "description");
    r.ready = b["ready"] && b["ready"].as<bool>();
    r.skip_reason = str(b, "skip_reason");
    for (const auto& kv : b["facts"]) r.facts[kv.first.as<std::string>()] = kv.second.as<std::string>();
    if (summary["capabilities"] && summary["capabilities"][r.id]) {
      for (const auto& kv : summary["capabilities"][r.id]) {
        r.capability[kv.first.as<std::string>()] = kv.second.as<std::string>();
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

int merge_error(const std::string& why) {
  std::cerr << "daxprop: merge: " << why << "\n";
  return 2;
}

}  // namespace

int cmd_merge(const std::vector<std::string>& args) {
  std::string out, run_id;
  std::vector<std::string> dirs;
  for (size_t i = 1; i < args.size(); i++) {
    if (args[i] == "--out" || args[i] == "--run-id") {
      if (i + 1 >= args.size() || args[i + 1].empty()) return merge_error(args[i] + " needs a value");
      std::string& dst = args[i] == "--out" ? out : run_id;
      dst = args[++i];
    } else if (starts_with(args[i], "--")) {
      return merge_error("unknown option '" + args[i] + "' (try --help)");
    } else {
      dirs.push_back(args[i]);
    }
  }
  if (out.empty()) return merge_error("--out DIR is needed (where the merged run goes)");
  if (dirs.empty()) return merge_error("no run directories to merge");
  // By part number. (Pointers: assigning a YAML::Node rebinds what other handles see.)
  std::vector<std::unique_ptr<Part>> loaded;
  for (const auto& d : dirs) {
    loaded.push_back(std::make_unique<Part>());
    if (auto why = load_part(d, *loaded.back())) return merge_error(*why);
  }
  std::sort(loaded.begin(), loaded.end(), [](const auto& a, const auto& b) { return a->shard.index < b->shard.index; });
  std::vector<std::reference_wrapper<const Part>> parts;
  for (const auto& p : loaded) parts.emplace_back(*p);
  const Part& first = parts.front();
  const int n = first.shard.count;
  for (size_t i = 0; i < parts.size(); i++) {
    const Part& p = parts[i].get();
    for (const char* key : {"kernel", "profile", "seed", "daxprop", "options"}) {
      if (str(p.plan, key) != str(first.plan, key)) {
        return merge_error(p.dir + " is not a part of the run " + first.dir + ": its " + key + " differs ('" +
                           str(p.plan, key) + "' vs '" + str(first.plan, key) + "')");
      }
    }
    if (p.shard.count != n || strings(p.plan["tests"]) != strings(first.plan["tests"])) {
      return merge_error(p.dir + " (part " + p.shard.str() + ") is not a part of the same plan as " + first.dir +
                         " (part " + first.shard.str() + ")");
    }
    if (i > 0 && p.shard.index == parts[i - 1].get().shard.index) {
      return merge_error("part " + p.shard.str() + " given twice (" + parts[i - 1].get().dir + ", " + p.dir + ")");
    }
  }
  if (static_cast<int>(parts.size()) != n) {
    std::string missing;
    for (int k = 1, j = 0; k <= n; k++) {
      if (j < static_cast<int>(parts.size()) && parts[static_cast<size_t>(j)].get().shard.index == k) {
        j++;
      } else {
        missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(n);
      }
    }
    return merge_error("the run has " + std::to_string(n) + " parts; missing: " + missing);
  }

  RunReport rep;
  rep.run_id = run_id.empty() ? std::filesystem::path(out).filename().string() : run_id;
  if (rep.run_id.empty()) rep.run_id = "merged";
  rep.results_dir = out;
  const YAML::Node& head = first.summary.IsMap() ? first.summary : first.plan;
  rep.kernel = str(first.plan, "kernel");
  rep.profile = str(first.plan, "profile");
  rep.seed = first.plan["seed"].as<uint64_t>();
  const auto ver = split(str(first.plan, "daxprop"), ' ');
  rep.daxprop_version = ver.empty() ? "" : ver[0];
  rep.daxprop_revision = ver.size() > 1 ? ver[1] : "";
  if (first.plan["kcidb"]) {
    const YAML::Node k = first.plan["kcidb"];
    rep.kcidb = KcidbOptions{str(k, "origin"), str(k, "git_url"), str(k, "git_commit"),
                             str(k, "patchset_hash"), str(k, "tree_name"), str(k, "branch")};
  }
  rep.cases = head["cases_requested"] ? head["cases_requested"].as<int>() : 0;
  rep.budget_s = head["budget_s"] ? head["budget_s"].as<double>() : 0;
  rep.inject = head["inject"] ? str(head, "inject") : "none";
  rep.started = str(head, "started");
  if (const std::string kpath = str(head, "known_issues"); !kpath.empty()) {
    auto k = load_known_issues(kpath);
    if (auto* why = std::get_if<std::string>(&k)) return merge_error(*why);
    rep.known = std::get<KnownIssues>(k);
  }
  rep.kmsg_available = true;
  double start = 0, end = 0;
  std::set<std::string> backing_seen;
  int reboots = 0;         // the parts' guests rebooted after a panic (crashes.tsv)
  std::string crashes_tsv;  // theirs, for the merged run
  std::map<std::string, PropertyRun> results;
  std::string shards_json = "\"shards\": [";
  for (size_t i = 0; i < parts.size(); i++) {
    const Part& p = parts[i].get();
    const std::string tag = "part " + p.shard.str() + ": ";
    if (p.summary.IsMap()) {
      if (str(p.summary, "started") < rep.started || rep.started.empty()) rep.started = str(p.summary, "started");
      const YAML::Node km = p.summary["kmsg"];
      if (km && km["available"] && !km["available"].as<bool>()) {
        rep.kmsg_available = false;
        rep.kmsg_reason = str(km, "reason");
      }
      for (const auto& l : strings(km ? km["between_tests"] : YAML::Node())) rep.stray_kmsg.push_back(tag + l);
      for (auto& b : backings_of(p.summary)) {
        if (backing_seen.insert(b.id).second) rep.backings.push_back(std::move(b));
      }
      if (p.summary["contracts"]) {
        for (const auto& kv : p.summary["contracts"]) {
          rep.contracts.emplace(kv.first.as<std::string>(), kv.second.as<std::string>());
        }
      }
    }
    if (p.start > 0 && (start == 0 || p.start < start)) start = p.start;
    end = std::max(end, p.end);
    // The part's own results, as it wrote them test by test.
    std::map<std::string, PropertyRun> mine;
    if (auto text = read_file(p.dir + "/progress.jsonl")) {
      for (const auto& line : split(*text, '\n')) {
        if (trim(line).empty()) continue;
        auto r = parse_progress_json(line);
        if (!r) return merge_error(p.dir + "/progress.jsonl: an unreadable result line");
        mine[r->name] = std::move(*r);
      }
    }
    // Its tests without a result: the kernel went down under one (the runner kept the crash),
    // or the part ended early (an ERROR: no verdict on the kernel).
    const std::vector<Crash> crashes = read_crashes(p.dir);
    reboots += static_cast<int>(crashes.size());
    // Kept in the merged run with their consoles' paths from there (a run finished in place,
    // `merge --out RUN RUN`, keeps its own).
    if (std::error_code ec; !std::filesystem::equivalent(p.dir, out, ec)) {
      const std::string rel = std::filesystem::relative(p.dir, out).string();
      for (const Crash& c : crashes) crashes_tsv += c.test + "\t" + c.kind + "\t" + c.detail + "\t" + rel + "/" + c.console + "\n";
    }
    std::string down_test, down_kind, down_detail;
    if (auto vf = read_file(p.dir + "/vm-failure.txt")) {
      for (const auto& line : split(*vf, '\n')) {
        if (starts_with(line, "guest: ")) {
          const std::string v = line.substr(7);
          down_kind = v.substr(0, v.find(':'));
          down_detail = v.find(": ") == std::string::npos ? v : v.substr(v.find(": ") + 2);
        } else if (starts_with(line, "journal: ")) {
          std::string j = line.substr(9);
          j = j.substr(j.rfind('/') + 1);
          down_test = j.substr(0, j.size() - std::string(".journal").size());
        }
      }
    }
    // Its teardown checks: the ones it ran; and when it ended early, every one it might have run
    // (an ERROR each: whether it would have run is not known).
    std::vector<std::string> expected = strings(p.plan["shard_tests"]);
    for (const auto& t : strings(p.plan["shard_teardown"])) {
      if (mine.count(t) || !p.summary.IsMap()) expected.push_back(t);
    }
    // Nothing a part ran goes missing: a result outside its plan is not a part of this run.
    for (const auto& [t, r] : mine) {
      if (std::find(expected.begin(), expected.end(), t) == expected.end()) {
        return merge_error(p.dir + " has a result for " + t + ", which is not in its part of the plan");
      }
    }
    for (const auto& t : expected) {
      if (results.count(t)) return merge_error("test " + t + " has a result in two parts");
      PropertyRun r;
      if (auto it = mine.find(t); it != mine.end()) {
        r = it->second;
      } else if (auto c = std::find_if(crashes.begin(), crashes.end(), [&](const Crash& x) { return x.test == t; });
                 c != crashes.end()) {
        r = crashed_result(t, p.dir, c->kind, c->detail, p.dir + "/" + c->console);
        classify_known(r, rep.known, rep.kernel);
      } else if (t == down_test && (down_kind == "panic" || down_kind == "hang")) {
        r = crashed_result(t, p.dir, down_kind, down_detail, p.dir + "/console.log");
        classify_known(r, rep.known, rep.kernel);
      } else {
        r.name = t;
        r.status = PropertyRun::Status::kError;
        r.message = "no result: part " + p.shard.str() + " (" + p.dir + ") ended before this test" +
                    (down_kind.empty() ? "" : " (" + down_kind + ": " + down_detail + ")");
      }
      results[t] = std::move(r);
    }
    shards_json += std::string(i ? ", " : "") + "{\"shard\": " + json_str(p.shard.str()) +
                   ", \"dir\": " + json_str(p.dir) + ", \"tests\": " + std::to_string(expected.size()) +
                   ", \"duration_s\": " + std::to_string(p.end > p.start && p.start > 0 ? p.end - p.start : 0) +
                   (p.vm_json.empty() ? "" : ", \"vm\": " + p.vm_json) + "}";
  }
  shards_json += "]";
  rep.extra_json.push_back(shards_json);
  rep.extra_json.push_back("\"reboots_after_panic\": " + std::to_string(reboots));
  if (!first.vm_json.empty()) rep.extra_json.push_back("\"vm\": " + first.vm_json);
  rep.duration_s = end > start && start > 0 ? end - start : 0;
  // In the whole plan's order, the teardown checks after the tests, as one run orders them.
  for (const auto& t : strings(first.plan["tests"])) {
    if (auto it = results.find(t); it != results.end()) {
      rep.results.push_back(std::move(it->second));
      results.erase(it);
    }
  }
  for (const auto& t : strings(first.plan["teardown"])) {
    if (auto it = results.find(t); it != results.end()) {
      rep.results.push_back(std::move(it->second));
      results.erase(it);
    }
  }
  if (!results.empty()) return merge_error("test " + results.begin()->first + " is in no part's plan");

  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return merge_error("cannot create " + out + ": " + ec.message());
  // Every part's failure bundles (reproducer logs, consoles, stacks) and crash records.
  // (A run finished in place, `merge --out RUN RUN`, has them where they are.)
  for (const Part& p : parts) {
    if (std::filesystem::equivalent(p.dir, out, ec)) continue;
    std::filesystem::copy(p.dir + "/failures", out + "/failures",
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::overwrite_existing,
                          ec);
  }
  if (!crashes_tsv.empty() && !write_file(out + "/crashes.tsv", crashes_tsv)) {
    return merge_error("cannot write " + out + "/crashes.tsv");
  }
  std::string ktap = ktap_header(rep, rep.results.size());
  for (size_t i = 0; i < rep.results.size(); i++) ktap += ktap_result(rep.results[i], i + 1);
  ktap += ktap_totals(rep.results);
  if (!write_results(rep, ktap)) return merge_error("writing the merged results under " + out + " failed");
  std::cout << ktap << std::flush;
  const int rc = run_exit_status(rep.results);
  std::cerr << "daxprop: merged " << parts.size() << " parts: " << (rc == 0 ? "PASS" : rc == 4 ? "NOTHING RAN" : "FAIL")
            << ", results in " << out << "\n";
  return rc;
}

}  // namespace daxprop
