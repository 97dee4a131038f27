#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <future>
#include <thread>
#include <iostream>
#include <sstream>

#include "fixtures/backing.h"
#include "src/cli.h"
#include "src/emit_c.h"
#include "src/known_issues.h"
#include "src/race.h"
#include "src/report.h"
#include "src/signature.h"
#include "suites/capability.h"
#include "version.h"

namespace daxprop {

namespace {

bool selected_property(const PropertySpec& p, const std::vector<std::string>& sel) {
  if (sel.empty()) return true;
  for (const auto& s : sel) {
    if (s == p.id() || s == p.family) return true;
  }
  return false;
}

std::string utc_now(const char* fmt) {
  time_t t = time(nullptr);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char b[64];
  strftime(b, sizeof b, fmt, &tm);
  return b;
}

bool mkdirs(const std::string& path) {
  std::string cur;
  for (const auto& part : split(path, '/')) {
    cur += part + "/";
    if (part.empty()) continue;
    if (mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

// The rest of the first line of `text` that starts with `tag`.
std::string line_after(const std::string& text, const std::string& tag) {
  for (const auto& l : split(text, '\n')) {
    if (starts_with(l, tag)) return trim(l.substr(tag.size()));
  }
  return "";
}

// Emit the minimal failure as repro.c, build it with the system's cc, and run it a few times
// against the same kernel and backing: only a reproducer that fails is a confirmed finding.
void verify_repro(PropertyRun& pr, const Backing& b, const std::string& run_dir,
                  double case_timeout_s) {
  if (!pr.min_failure) return;
  const bool racing = pr.min_failure->race.reps > 0;
  CSetup setup = b.c_setup();
  if (racing) {
    auto src = emit_race_c(*pr.min_failure, b.traits(), setup);
    if (auto* e = std::get_if<RaceCError>(&src)) {
      pr.repro_status = "none: " + e->why + " (daxprop replay runs its repetitions)";
      return;
    }
    pr.repro = std::get<std::string>(src);
  } else {
    std::vector<Op> ops;
    for (const auto& l : pr.min_failure->lines) ops.push_back(l.op);
    pr.repro = emit_c(*pr.min_failure, b.traits(), setup, expectations(b.traits(), ops));
  }
  std::string dir = run_dir + "/failures/" + pr.name;
  if (!mkdirs(dir) || !write_file(dir + "/repro.c", pr.repro)) {
    pr.repro_status = "not written: " + std::string(strerror(errno));
    return;
  }
  if (setup.needs_argv) {
    pr.repro_status = "not run here: " + setup.manual_step;
    return;
  }
  if (setup.exclusive) {
    pr.repro_status = "not run here: this run holds the device it needs (runners/repro " + dir +
                      " runs it in a VM of its own)";
    return;
  }
  std::string q = "'" + dir + "'";
  if (system(("cc -O1 -w -o " + q + "/repro " + q + "/repro.c -luring > " + q + "/compile.log 2>&1")
                 .c_str()) != 0) {
    pr.repro_status = "did not compile (see compile.log)";
    return;
  }
  // A case that hung is reproduced by a program that hangs as well: its watchdog, given the
  // case's timeout, says "REPRO: hang in op N" and exits 1. timeout(1) stays as a backstop.
  const int limit = std::max(1, static_cast<int>(case_timeout_s));
  if (racing) {
    // One run: its repetitions are the count ("reproduced k/N", k of the trace's N).
    const std::string log = dir + "/run1.log";
    const int st = system(("REPRO_TIMEOUT=" + std::to_string(limit) + " timeout -s KILL " +
                           std::to_string(2 * limit * pr.min_failure->race.reps + 30) + " " + q +
                           "/repro > '" + log + "' 2>&1").c_str());
    const std::string out = slurp(log);
    const size_t at = out.find("reproduced ");
    const std::string count = at == std::string::npos ? "" : out.substr(at + 11, out.find_first_of(": \n", at + 11) - at - 11);
    pr.repro_status = !WIFEXITED(st)                               ? "did not finish (see run1.log)"
                      : WEXITSTATUS(st) == 125                     ? "could not set itself up here (exit 125, see run1.log)"
                      : WEXITSTATUS(st) == 1 && !count.empty()     ? "reproduced " + count
                      : WEXITSTATUS(st) == 1                       ? "reproduced (" + line_after(out, "REPRO:") + ")"
                      : WEXITSTATUS(st) == 0 && !count.empty()     ? "not reproduced " + count
                                                                   : "exit " + std::to_string(WEXITSTATUS(st)) + " (see run1.log)";
    return;
  }
  const int runs = 3;
  int reproduced = 0, unset = 0;
  for (int i = 0; i < runs; i++) {
    std::string cmd = "REPRO_TIMEOUT=" + std::to_string(limit) + " timeout -s KILL " +
                      std::to_string(2 * limit + 30) + " " + q + "/repro > " + q + "/run" +
                      std::to_string(i + 1) + ".log 2>&1";
    int st = system(cmd.c_str());
    reproduced += WIFEXITED(st) && WEXITSTATUS(st) == 1;
    unset += WIFEXITED(st) && WEXITSTATUS(st) == 125;
  }
  std::string n = std::to_string(reproduced) + "/" + std::to_string(runs);
  pr.repro_status = reproduced == runs ? "confirmed " + n
                    : reproduced > 0   ? "flaky " + n
                    : unset > 0        ? "could not set itself up here (exit 125, see run1.log)"
                                       : "not reproduced " + n;
}

}  // namespace

int cmd_list(const FixtureConfig& cfg) {
  std::cout << "backings:\n";
  auto all = make_backings(cfg);
  for (const auto& b : all) {
    auto why = b->probe();
    std::cout << "  " << b->id() << (why ? "  SKIP: " + *why : "  ready") << "\n"
              << "      " << b->description() << "\n";
  }
  std::cout << "properties:\n";
  for (const auto& p : all_properties()) {
    std::cout << "  " << p.id() << "  " << p.summary << "\n";
    for (const auto& b : all) {
      auto na = p.not_applicable(b->traits());
      if (!na.empty()) std::cout << "      not on " << b->id() << ": " << na << "\n";
    }
  }
  return 0;
}

// PIN liveness: with every case over (their pins, mappings, fds and KVM guests gone), each
// teardown step of the backing completes, and within `timeout_s`: a step still running then
// is a FAIL (it is left running; a hung unmount or namespace disable is the finding).
PropertyRun teardown_check(Backing& b, double timeout_s) {
  using Clock = std::chrono::steady_clock;
  PropertyRun pr;
  pr.name = "teardown." + b.id() + ".release";
  pr.cases = 1;
  const auto t0 = Clock::now();
  pr.status = PropertyRun::Status::kPass;
  for (auto& step : b.teardown_steps()) {
    auto result = std::make_shared<std::promise<std::optional<std::string>>>();
    auto done = result->get_future();
    std::thread([result, run = step.run] { result->set_value(run()); }).detach();
    if (done.wait_for(std::chrono::duration<double>(timeout_s)) != std::future_status::ready) {
      pr.status = PropertyRun::Status::kFail;
      pr.message = step.what + " did not complete within " + std::to_string(static_cast<int>(timeout_s)) +
                   " s after the last case: something still holds the pages";
      break;
    }
    if (auto why = done.get()) {
      pr.status = PropertyRun::Status::kFail;
      pr.message = step.what + " after the last case: " + *why;
      break;
    }
    pr.message += (pr.message.empty() ? "" : "; ") + step.what + ": done";
  }
  pr.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return pr;
}

GateTier gate_tier(const BackingTraits& t) {
  // Measured under TCG on 2 cores with 6.12.117 (suites/costs.tsv): ~0.05 s a case on the
  // controls, ~0.12 s on hugetlb, the 2 MiB DAX backings and a VFIO BAR, 0.5-1.2 s on a 1 GiB
  // device-dax (a case populates and tears down 1 GiB entries) at size 16. A 1 GiB device's
  // cases are all drawn at size 16: RapidCheck's ramp would give a chunk of them size 0, no
  // op at all.
  if ((t.max_map >= kGiB || t.huge_pud) && !t.pfnmap) return {15, 6, 16};
  if (t.huge_rule != BackingTraits::HugeRule::kNone || t.pfnmap) return {30, 40, 0};
  return {80, 150, 0};
}

int gate_cases(const PropertySpec& spec, const BackingTraits& t) {
  return std::max(1, (gate_tier(t).cases * spec.gate_percent + 99) / 100);
}

// A test whose guest kernel went down under it (runners/run wrote crashes.tsv and rebooted):
// its failure, from the journal (the op that did not return) and the console (the report).
PropertyRun crashed_result(const std::string& name, const std::string& dir, const std::string& kind,
                           const std::string& detail, const std::string& console_path) {
  PropertyRun pr;
  pr.name = name;
  pr.status = PropertyRun::Status::kFail;
  pr.message = "kernel " + kind + " during this test: " + detail;
  if (auto j = read_file(dir + "/journal/" + name + ".journal")) {
    auto t = parse_trace(*j);
    if (auto* tr = std::get_if<Trace>(&t)) {
      pr.first_failure = pr.min_failure = *tr;
      // The op journaled without an outcome is the one that did not return.
      for (const auto& l : tr->lines) {
        if (!l.observed) {
          pr.message += "\nlast op (no outcome: it did not return): " + format_op(l.op);
          pr.signature = (kind == "hang" ? hang_signature(l.op) : "kernel panic in " + op_signature(l.op));
          break;
        }
      }
      if (pr.signature.empty() && tr->race.reps > 0) {
        // Every op before the section returned: the section (or its final reads) went down.
        std::vector<std::vector<Op>> threads;
        for (const auto& th : tr->race.threads) {
          threads.emplace_back();
          for (const auto& l : th) threads.back().push_back(l.op);
        }
        pr.message += "\nin " + section_name(threads);
        pr.signature = kind == "hang" ? "hang in a parallel section" : "kernel panic in a parallel section";
      }
    }
  }
  // The console from this test's begin mark on: the kernel's report.
  std::vector<std::string> lines;
  if (auto c = read_file(console_path)) {
    bool in = false;
    const std::string mark = "daxprop: begin " + name;
    for (const auto& l : split(*c, '\n')) {
      const std::string t = trim(l);
      if (t.size() >= mark.size() && t.compare(t.size() - mark.size(), mark.size(), mark) == 0) {
        in = true;
        lines.clear();
        continue;
      }
      if (in) lines.push_back(l);
    }
  }
  pr.kmsg = KmsgCursor::bad_of(lines);
  if (pr.kmsg.size() > 20) pr.kmsg.resize(20);
  if (auto title = kmsg_title(lines); !title.empty()) pr.signature = title;
  if (pr.signature.empty()) pr.signature = "kernel " + kind;
  mkdirs(dir + "/failures/" + name);
  std::string excerpt;
  for (size_t i = 0; i < lines.size() && i < 200; i++) excerpt += lines[i] + "\n";
  if (!write_file(dir + "/failures/" + name + "/console.txt", excerpt)) {
    // the report still carries the kmsg lines
  }
  return pr;
}

void classify_known(PropertyRun& pr, const KnownIssues& known, const std::string& kernel) {
  if (pr.status == PropertyRun::Status::kFail) {
    if (const KnownIssue* k = known.match_failure(pr.name, pr.signature, kernel)) {
      pr.known = PropertyRun::Known::kXfail;
      pr.known_id = k->id;
    }
  } else if (pr.status == PropertyRun::Status::kPass) {
    if (const KnownIssue* k = known.match_pass(pr.name, kernel)) {
      pr.known = PropertyRun::Known::kXpass;
      pr.known_id = k->id;
      // What is known of a fix: the kernel may have it.
      pr.message = "known issue " + k->id + " did not show: " +
                   (!k->fixed_by.empty() ? "fixed by " + k->fixed_by + "?"
                    : !k->upstream.empty() ? "fixed? (upstream: " + k->upstream + ")"
                                           : "fixed?");
    }
  }
}

std::vector<Crash> read_crashes(const std::string& dir) {
  std::vector<Crash> out;
  if (auto text = read_file(dir + "/crashes.tsv")) {
    for (const auto& line : split(*text, '\n')) {
      auto f = split(line, '\t');
      if (f.size() >= 4) out.push_back(Crash{f[0], f[1], f[2], f[3]});
    }
  }
  return out;
}

namespace {

// What one case of a test costs (seconds): measured (suites/costs.tsv), else estimated from
// its backing's tier (the costs gate_tier was chosen by); a corpus trace is one case; a test
// that does not apply costs nothing.
double case_cost(const CostTable& costs, const std::string& name, const PropertySpec* spec,
                 const BackingTraits& t) {
  if (auto it = costs.per_case.find(name); it != costs.per_case.end()) return it->second;
  if (!spec) return 0.5;
  if (!spec->not_applicable(t).empty()) return 0;
  const GateTier tier = gate_tier(t);
  return tier.fixed_size ? 1.0 : t.huge_rule != BackingTraits::HugeRule::kNone ? 0.15 : 0.08;
}
// What a job is expected to cost (seconds), for splitting a run into parts: one case's cost
// times the cases it gets.
double job_cost(const CostTable& costs, const std::string& name, const PropertySpec* spec,
                const BackingTraits& t, const RunOptions& o) {
  const int cases = !spec ? 1 : o.cases_given ? o.cases : gate_cases(*spec, t);
  return 0.05 + case_cost(costs, name, spec, t) * cases;
}

}  // namespace

int cmd_run(const RunOptions& o) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  RunReport rep;
  rep.kernel = kernel_release();
  rep.started = utc_now("%Y-%m-%dT%H:%M:%SZ");
  rep.run_id = o.run_id.empty() ? utc_now("%Y%m%d-%H%M%S") + "-" + std::to_string(getpid())
                                : o.run_id;
  rep.profile = o.explore ? "explore" : "gate";
  // A gate's seed is fixed: the same kernel gets the same cases on every machine.
  rep.seed = o.seed_given ? o.seed : o.explore ? static_cast<uint64_t>(time(nullptr)) : 1;
  rep.cases = o.cases_given || o.explore ? o.cases : 0;
  rep.budget_s = o.budget_s;
  rep.inject = o.injects.empty() ? "none" : "";
  for (const auto& [kind, glob] : o.injects) {
    rep.inject += (rep.inject.empty() ? "" : ",") + inject_name(kind) + (glob == "*" ? "" : "@" + glob);
  }
  rep.daxprop_version = DAXPROP_VERSION;
  rep.daxprop_revision = DAXPROP_REVISION;
  rep.kcidb = o.kcidb;
  rep.results_dir = o.results + "/" + rep.run_id;
  if (o.known_issues != "none") {
    auto k = load_known_issues(o.known_issues.empty() ? shipped_known_issues() : o.known_issues);
    if (auto* why = std::get_if<std::string>(&k)) {
      std::cerr << "daxprop: " << *why << "\n";
      return 2;
    }
    rep.known = std::get<KnownIssues>(k);
  }
  if (!mkdirs(rep.results_dir + "/journal")) {
    std::cerr << "daxprop: cannot create results directory " << rep.results_dir << ": "
              << strerror(errno) << "\n";
    return 2;
  }
  std::string latest = o.results + "/latest";
  unlink(latest.c_str());
  if (symlink(rep.run_id.c_str(), latest.c_str()) != 0) {
    // Not fatal: the run directory is printed below.
  }

  // A resumed run (the guest rebooted after a panic): the tests already done, and the ones the
  // kernel went down under.
  std::map<std::string, PropertyRun> done;
  const std::string progress_path = rep.results_dir + "/progress.jsonl";
  if (o.resume) {
    if (auto text = read_file(progress_path)) {
      for (const auto& line : split(*text, '\n')) {
        if (trim(line).empty()) continue;
        auto p = parse_progress_json(line);
        if (!p) {
          std::cerr << "daxprop: " << progress_path << ": unreadable result line\n";
          return 2;
        }
        done[p->name] = std::move(*p);
      }
    }
    for (const Crash& c : read_crashes(rep.results_dir)) {
      if (!done.count(c.test)) done[c.test] = crashed_result(c.test, rep.results_dir, c.kind, c.detail, rep.results_dir + "/" + c.console);
    }
  } else {
    unlink(progress_path.c_str());
    if (!write_file(rep.results_dir + "/started", rep.started + " " + std::to_string(time(nullptr)) + "\n")) {
      // a resumed run then reports its own boot's start and length only
    }
  }

  KmsgCursor kmsg;
  rep.kmsg_available = kmsg.available();
  rep.kmsg_reason = kmsg.available() ? "" : kmsg.unavailable_reason() + " (health checks use taint only)";

  auto backings = make_backings(o.fixtures);
  // The contracts this kernel follows where they changed between releases (src/contracts.h).
  if (!backings.empty()) {
    const BackingTraits& t = backings.front()->traits();
    for (const auto& ri : contract_rules()) {
      const std::string& ev = t.rule_evidence[static_cast<size_t>(ri.rule)];
      rep.contracts[ri.id] = std::string(holds(t, ri.rule) ? "newer" : "older") + " (" +
                             rule_reason(t, ri.rule) + ")" +
                             (ev.empty() || t.rule_backported[static_cast<size_t>(ri.rule)] ? "" : "; " + ev);
    }
  }
  // A job is a property on a backing, or a corpus trace (spec == nullptr) on its backing.
  struct Job {
    const PropertySpec* spec;
    Backing* b;
    std::string trace_path;
    Trace trace;
  };
  std::vector<Job> plan;
  auto wanted = [&](const Backing& b) {
    return o.backings.empty() ||
           std::find(o.backings.begin(), o.backings.end(), b.id()) != o.backings.end();
  };
  for (auto& b : backings) {
    if (!wanted(*b)) continue;
    for (const auto& p : all_properties()) {
      if (selected_property(p, o.properties)) plan.push_back(Job{&p, b.get(), "", {}});
    }
  }
  bool corpus = o.properties.empty() ||
                std::find(o.properties.begin(), o.properties.end(), "regress") != o.properties.end();
  for (const auto& path : corpus ? corpus_files() : std::vector<std::string>{}) {
    auto text = read_file(path);
    auto parsed = text ? parse_trace(*text) : std::variant<Trace, ParseError>(ParseError{0, "unreadable"});
    if (auto* e = std::get_if<ParseError>(&parsed)) {
      std::cerr << "daxprop: corpus trace " << path << ":" << e->line << ": " << e->reason << "\n";
      return 2;
    }
    for (auto& b : backings) {
      if (b->id() == std::get<Trace>(parsed).header.backing && wanted(*b)) {
        plan.push_back(Job{nullptr, b.get(), path, std::get<Trace>(parsed)});
      }
    }
  }
  // --replay-from RUN: that run's minimal failing traces, replayed here and judged by the model
  // (does this kernel still fail them?), as "replay.<backing>.<family>-<property>". Its corpus
  // traces are this run's corpus already.
  std::map<std::string, std::string> replay_names;  // trace path -> test name
  if (!o.replay_from.empty()) {
    std::vector<std::string> tests;
    if (DIR* d = opendir((o.replay_from + "/failures").c_str())) {
      while (auto* e = readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != ".." && !starts_with(n, "regress.") && !starts_with(n, "teardown.")) tests.push_back(n);
      }
      closedir(d);
    }
    std::sort(tests.begin(), tests.end());
    for (const auto& t : tests) {
      const std::string path = o.replay_from + "/failures/" + t + "/trace.min.txt";
      auto text = read_file(path);
      if (!text) continue;  // a failure without a trace (a teardown step): nothing to replay
      auto parsed = parse_trace(*text);
      auto* tr = std::get_if<Trace>(&parsed);
      auto parts = split(t, '.');
      if (!tr || parts.size() != 3) {
        std::cerr << "daxprop: --replay-from: " << path << ": not a daxprop trace of a test\n";
        return 2;
      }
      for (auto& b : backings) {
        if (b->id() == tr->header.backing && wanted(*b)) {
          plan.push_back(Job{nullptr, b.get(), path, *tr});
          replay_names[path] = "replay." + parts[1] + "." + parts[0] + "-" + parts[2];
        }
      }
    }
  }
  auto job_name = [&](const Job& job) {
    if (job.spec) return job.spec->test_name(job.b->id());
    if (replay_names.count(job.trace_path)) return replay_names[job.trace_path];
    std::string stem = job.trace_path.substr(job.trace_path.rfind('/') + 1);
    return "regress." + job.b->id() + "." + stem.substr(0, stem.size() - 4);
  };

  // The whole plan's tests, then this part's (--shard I/N): units of tests by measured cost.
  // A backing's pin and KVM tests stay in one part with the teardown check that follows them.
  std::vector<std::string> all_tests, teardown_candidates;
  CostTable costs;
  if (auto why = load_costs(shipped_costs(), costs)) {
    std::cerr << "daxprop: " << *why << "\n";
    return 2;
  }
  {
    std::vector<ShardUnit> units;
    std::map<std::string, size_t> unit_of;
    std::vector<size_t> job_unit;
    for (const auto& job : plan) {
      const std::string name = job_name(job);
      all_tests.push_back(name);
      const bool pins = job.spec && (job.spec->family == "pin" || job.spec->family == "kvm");
      const std::string key = pins ? "teardown." + job.b->id() + ".release" : name;
      if (pins && job.b->may_tear_down() &&
          std::find(teardown_candidates.begin(), teardown_candidates.end(), key) == teardown_candidates.end()) {
        teardown_candidates.push_back(key);
      }
      auto [it, fresh] = unit_of.emplace(key, units.size());
      if (fresh) units.push_back(ShardUnit{key, 0});
      units[it->second].cost += job_cost(costs, name, job.spec, job.b->traits(), o);
      job_unit.push_back(it->second);
    }
    const std::vector<int> part = assign_shards(units, o.shard.count);
    std::vector<Job> mine;
    std::vector<std::string> mine_names, mine_teardown;
    for (size_t j = 0; j < plan.size(); j++) {
      if (part[job_unit[j]] != o.shard.index) continue;
      mine.push_back(plan[j]);
      mine_names.push_back(all_tests[j]);
    }
    // The teardown checks that may follow this part's pin and KVM tests (each runs when its
    // backing was set up and has teardown steps).
    for (const auto& t : teardown_candidates) {
      if (part[unit_of.at(t)] == o.shard.index) mine_teardown.push_back(t);
    }
    plan = std::move(mine);
    rep.shard = o.shard.whole() ? "" : o.shard.str();
    // What `daxprop merge` checks the parts against: one plan, one set of options.
    std::ostringstream pj;
    auto list = [&](const std::vector<std::string>& v) {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); i++) out += (i ? ", " : "") + json_str(v[i]);
      return out + "]";
    };
    pj << "{\n  \"format\": 1,\n  \"run_id\": " << json_str(rep.run_id)
       << ",\n  \"shard\": " << json_str(o.shard.str()) << ",\n  \"kernel\": " << json_str(rep.kernel)
       << ",\n  \"profile\": " << json_str(rep.profile) << ",\n  \"seed\": " << rep.seed
       << ",\n  \"daxprop\": " << json_str(rep.daxprop_version + " " + rep.daxprop_revision)
       << ",\n  \"options\": " << json_str(o.canonical()) << ",\n  \"costs\": " << json_str(costs.path)
       << ",\n  \"kcidb\": {\"origin\": " << json_str(rep.kcidb.origin)
       << ", \"git_url\": " << json_str(rep.kcidb.git_url) << ", \"git_commit\": " << json_str(rep.kcidb.git_commit)
       << ", \"patchset_hash\": " << json_str(rep.kcidb.patchset_hash)
       << ", \"tree_name\": " << json_str(rep.kcidb.tree_name) << ", \"branch\": " << json_str(rep.kcidb.branch)
       << "},\n  \"tests\": " << list(all_tests) << ",\n  \"teardown\": " << list(teardown_candidates)
       << ",\n  \"shard_tests\": " << list(mine_names) << ",\n  \"shard_teardown\": " << list(mine_teardown)
       << "\n}\n";
    if (!write_file(rep.results_dir + "/plan.json", pj.str())) {
      std::cerr << "daxprop: cannot write " << rep.results_dir << "/plan.json: " << strerror(errno) << "\n";
      return 2;
    }
  }

  // Provision every backing the plan needs before anything runs: a refusal (a native run asked
  // to touch something it must not) is a usage error, reported before any test starts.
  std::map<std::string, std::optional<std::string>> setup_result;
  for (auto& job : plan) {
    Backing* b = job.b;
    if (setup_result.count(b->id())) continue;
    auto why = b->setup();
    if (why && starts_with(*why, "refused: ")) {
      std::cerr << "daxprop: " << b->id() << ": " << *why << "\n";
      return 2;
    }
    setup_result[b->id()] = why;
    rep.backings.push_back(BackingReport{b->id(), b->description(), !why, why.value_or(""),
                                         b->facts(), {}});
    // What this kernel does with the backing's huge entries: the capability table.
    if (!why) {
      rep.backings.back().capability = measure_capability(*b, std::max(60.0, o.case_timeout_s));
      // What the kernel said meanwhile is the measurement's, not the first test's.
      if (auto bad = kmsg.bad_lines(); !bad.empty()) rep.backings.back().capability["kmsg"] = join(bad, " | ");
    }
  }

  // After the last case: the DAX backings that pins or KVM guests used must let go of their
  // namespace (PIN liveness): a result each, after the properties.
  std::vector<Backing*> teardown;
  for (auto& job : plan) {
    Backing* b = job.b;
    const bool pins = job.spec && (job.spec->family == "pin" || job.spec->family == "kvm");
    if (pins && !setup_result[b->id()] && !b->teardown_steps().empty() &&
        std::find(teardown.begin(), teardown.end(), b) == teardown.end()) {
      teardown.push_back(b);
    }
  }
  const size_t n_results = plan.size() + teardown.size();

  // A serial console is a tty too, but nobody watches a progress line redraw there.
  const char* term = getenv("TERM");
  const bool tty = isatty(STDERR_FILENO) && term && strcmp(term, "dumb") != 0;
  std::string ktap = ktap_header(rep, n_results);
  std::cout << ktap << std::flush;
  std::cerr << "daxprop: results in " << rep.results_dir << " (" << rep.profile << " profile, seed "
            << rep.seed << ")\n";

  // The watchdog: a gate's budget bounds the whole run, reproducer checks and corpus included,
  // and a resumed run too: the wall-clock end the first boot wrote down holds for every boot.
  double budget_left = o.budget_s;
  const std::string watchdog_path = rep.results_dir + "/watchdog-end";
  if (o.budget_s > 0) {
    const time_t now = time(nullptr);
    std::optional<uint64_t> end;
    if (o.resume) {
      if (auto saved = read_file(watchdog_path)) end = parse_u64(trim(*saved));
    }
    if (end) {
      budget_left = std::max(0.0, static_cast<double>(static_cast<int64_t>(*end) - now));
    } else if (!write_file(watchdog_path, std::to_string(now + static_cast<time_t>(o.budget_s)) + "\n")) {
      std::cerr << "daxprop: cannot write " << watchdog_path << " (a resumed run restarts the watchdog)\n";
    }
  }
  const auto deadline = o.budget_s > 0 ? t0 + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(budget_left))
                                       : Clock::time_point::max();
  // Exploration has no watchdog: its budget only decides how many cases the properties draw.
  const auto watchdog = o.explore ? Clock::time_point::max() : deadline;
  auto past_deadline = [&] { return Clock::now() >= watchdog; };
  auto watchdog_result = [&](const std::string& name) {
    PropertyRun pr;
    pr.name = name;
    pr.status = PropertyRun::Status::kTimeout;
    pr.message = "not started: the run's watchdog (--budget " +
                 std::to_string(static_cast<int>(o.budget_s)) + " s) fired";
    return pr;
  };

  RunSettings s;
  s.case_timeout_s = o.case_timeout_s;
  s.max_size = o.max_size;
  s.kernel = rep.kernel;
  s.seed = rep.seed;
  s.journal_dir = rep.results_dir + "/journal";
  s.deadline = watchdog;

  // Known issues: a failure whose test and signature match is XFAIL; a passing corpus trace of
  // one is XPASS.
  auto classify = [&](PropertyRun& pr) { classify_known(pr, rep.known, rep.kernel); };
  // The C reproducer of a new failure is built and run three times; a known one's is written
  // but not run in a gate (it would only spend the budget on what is known).
  auto reproduce = [&](PropertyRun& pr, const Backing& b) {
    if (!o.explore && pr.known == PropertyRun::Known::kXfail) {
      pr.repro_status = "not run: known issue " + pr.known_id;
      return;
    }
    if (past_deadline()) {
      pr.repro_status = "not run: the run's watchdog fired";
      return;
    }
    verify_repro(pr, b, rep.results_dir, o.case_timeout_s);
    // What the kernel said while the reproducer ran is the reproducer's evidence, not the
    // next test's.
    if (auto bad = kmsg.bad_lines(); !bad.empty()) {
      pr.repro_status += " (kernel log while it ran: " + kmsg_title(bad) + ")";
    }
  };
  auto finish = [&](PropertyRun& pr, size_t number) {
    std::string line = ktap_result(pr, number);
    std::cout << line << std::flush;
    ktap += line;
    if (!o.resume || !done.count(pr.name)) {
      std::string rec = progress_json(pr) + "\n";
      UniqueFd f(open(progress_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
      if (f) write_all(f.get(), rec.data(), rec.size());
    }
    rep.results.push_back(std::move(pr));
  };
  const char* verdict_names[] = {"pass", "FAIL", "skip", "ERROR", "TIMEOUT"};

  size_t n = 0;
  for (auto& job : plan) {
    const PropertySpec* spec = job.spec;
    Backing* b = job.b;
    const std::string name = job_name(job);
    n++;
    if (auto it = done.find(name); it != done.end()) {
      PropertyRun pr = it->second;
      classify(pr);
      finish(pr, n);
      continue;
    }
    KmsgCursor::mark("daxprop: begin " + name);
    if (auto stray = kmsg.bad_lines(); !stray.empty()) {
      // Between tests only the harness runs; say what the kernel said there, blame no test.
      std::cerr << "daxprop: kernel log between tests, before " << name << ": " << join(stray, " | ")
                << "\n";
      for (auto& l : stray) rep.stray_kmsg.push_back("before " + name + ": " + l);
    }
    PropertyRun pr;
    const bool applies = !(job.spec && job.spec->not_applicable(b->traits()) != "");
    if (const auto& why = setup_result[b->id()]) {
      pr.name = name;
      pr.status = PropertyRun::Status::kSkip;
      pr.message = *why;
    } else if (applies && past_deadline()) {
      pr = watchdog_result(name);
    } else if (!spec) {
      auto t0c = Clock::now();
      const double left = o.explore ? o.case_timeout_s : std::chrono::duration<double>(watchdog - t0c).count();
      ReplayResult r = replay_trace(job.trace, *b, std::min(o.case_timeout_s, std::max(0.001, left)),
                                    &kmsg, s.journal_dir + "/" + name + ".journal");
      pr.name = name;
      pr.cases = 1;
      pr.ops = trace_ops(job.trace);
      pr.seconds = std::chrono::duration<double>(Clock::now() - t0c).count();
      if (!r.ok && r.end == CaseRun::End::kTimedOut && past_deadline() && left < o.case_timeout_s) {
        pr.status = PropertyRun::Status::kTimeout;
        pr.message = "cut short by the run's watchdog";
        pr.cases = 0;
      } else {
        pr.status = r.ok ? PropertyRun::Status::kPass : PropertyRun::Status::kFail;
        pr.message = r.ok ? "" : job.trace_path + ": " + r.verdict;
        pr.signature = r.signature;
        pr.kmsg = r.kmsg;
        pr.stacks = r.stacks;
      }
      if (pr.status == PropertyRun::Status::kFail) {
        pr.min_failure = job.trace;
        for (size_t i = 0; i < pr.min_failure->lines.size(); i++) {
          pr.min_failure->lines[i].observed =
              i < r.obs.size() ? std::optional<Outcome>(r.obs[i].out) : std::nullopt;
        }
        pr.first_failure = pr.min_failure;
        classify(pr);
        reproduce(pr, *b);
      }
      fprintf(stderr, "[%zu/%zu] %s: %s\n", n, n_results, name.c_str(),
              verdict_names[static_cast<int>(pr.status)]);
    } else {
      double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
      if (o.explore) {
        // The rest of the budget, shared by the properties still to run in proportion to what
        // one of their cases costs (suites/costs.tsv), so that each gets about as many cases: a
        // 1 GiB backing whose case costs a second does not starve beside a control's 50 ms
        // (corpus replays are single cases and take no share).
        double weight_left = 0;
        for (size_t k = n - 1; k < plan.size(); k++) {
          if (plan[k].spec) weight_left += std::max(0.01, case_cost(costs, job_name(plan[k]), plan[k].spec, plan[k].b->traits()));
        }
        const double weight = std::max(0.01, case_cost(costs, name, spec, b->traits()));
        s.budget_s = o.budget_s > 0 ? std::max(0.001, (o.budget_s - elapsed) * weight / weight_left) : 0;
        s.cases = o.cases;
        s.max_shrinks = 0;
        s.fixed_size = 0;
      } else {
        const GateTier tier = gate_tier(b->traits());
        s.budget_s = 0;
        s.cases = o.cases_given ? o.cases : gate_cases(*spec, b->traits());
        s.max_shrinks = tier.shrinks;
        s.fixed_size = std::min(o.max_size, tier.fixed_size);
      }
      s.swarm = o.swarm;
      s.inject = Inject::kNone;
      for (const auto& [kind, glob] : o.injects) {
        if (glob_match(glob, name)) {
          s.inject = kind;
          break;
        }
      }
      s.known = [&](const std::string& sig) {
        return !o.explore && rep.known.match_failure(name, sig, rep.kernel) != nullptr;
      };
      auto progress = [&](const std::string& test, int cases, int target) {
        double el = std::chrono::duration<double>(Clock::now() - t0).count();
        if (tty) {
          fprintf(stderr, "\r\033[K[%zu/%zu] %s: %d/%d cases", n, n_results, test.c_str(),
                  cases, target);
          if (o.budget_s > 0) fprintf(stderr, ", %.0f s left", std::max(0.0, o.budget_s - el));
        }
      };
      pr = run_property(*spec, *b, s, kmsg, progress);
      if (pr.status == PropertyRun::Status::kFail) {
        classify(pr);
        reproduce(pr, *b);
      }
      if (tty) fprintf(stderr, "\r\033[K");
      fprintf(stderr, "[%zu/%zu] %s: %s, %d cases, %.1f s\n", n, n_results, pr.name.c_str(),
              verdict_names[static_cast<int>(pr.status)], pr.cases, pr.seconds);
    }
    if (pr.status != PropertyRun::Status::kFail) classify(pr);
    finish(pr, n);
  }
  for (Backing* b : teardown) {
    n++;
    const std::string name = "teardown." + b->id() + ".release";
    PropertyRun pr;
    if (auto it = done.find(name); it != done.end()) {
      pr = it->second;
    } else if (past_deadline()) {
      pr = watchdog_result(name);
    } else {
      KmsgCursor::mark("daxprop: begin " + name);
      pr = teardown_check(*b, std::max(60.0, o.case_timeout_s));
      pr.signature = pr.status == PropertyRun::Status::kFail ? "teardown step failed" : "";
      fprintf(stderr, "[%zu/%zu] %s: %s, %.1f s\n", n, n_results, pr.name.c_str(),
              verdict_names[static_cast<int>(pr.status)], pr.seconds);
    }
    classify(pr);
    finish(pr, n);
  }
  backings.clear();  // teardown (huge page reservations etc.) before the summary says "done"
  std::string totals = ktap_totals(rep.results);
  std::cout << totals << std::flush;
  ktap += totals;
  rep.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (o.resume) {
    // The run began at the first boot: its start and its whole length, reboots included.
    if (auto first = read_file(rep.results_dir + "/started")) {
      auto f = split(trim(*first), ' ');
      auto epoch = f.size() == 2 ? parse_u64(f[1]) : std::nullopt;
      if (epoch) {
        rep.started = f[0];
        rep.duration_s = static_cast<double>(time(nullptr) - static_cast<time_t>(*epoch));
      }
    }
  }
  if (!write_results(rep, ktap)) {
    std::cerr << "daxprop: writing results under " << rep.results_dir << " failed\n";
    return 1;
  }
  int rc = run_exit_status(rep.results);
  std::cerr << "daxprop: " << (rc == 0 ? "PASS" : rc == 4 ? "NOTHING RAN" : "FAIL") << ", results in "
            << rep.results_dir << "\n";
  return rc;
}

}  // namespace daxprop
