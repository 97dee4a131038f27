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

#include "fixtures/backing.h"
#include "src/cli.h"
#include "src/emit_c.h"
#include "src/report.h"
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

// Emit the minimal failure as repro.c, build it with the system's cc, and run it a few times
// against the same kernel and backing: only a reproducer that fails is a confirmed finding.
void verify_repro(PropertyRun& pr, const Backing& b, const std::string& run_dir,
                  double case_timeout_s) {
  if (!pr.min_failure) return;
  std::vector<Op> ops;
  for (const auto& l : pr.min_failure->lines) ops.push_back(l.op);
  CSetup setup = b.c_setup();
  pr.repro = emit_c(*pr.min_failure, b.traits(), setup, expectations(b.traits(), ops));
  std::string dir = run_dir + "/failures/" + pr.name;
  if (!mkdirs(dir) || !write_file(dir + "/repro.c", pr.repro)) {
    pr.repro_status = "not written: " + std::string(strerror(errno));
    return;
  }
  if (setup.needs_argv) {
    pr.repro_status = "not run here: " + setup.manual_step;
    return;
  }
  std::string q = "'" + dir + "'";
  if (system(("cc -O1 -w -o " + q + "/repro " + q + "/repro.c -luring > " + q + "/compile.log 2>&1")
                 .c_str()) != 0) {
    pr.repro_status = "did not compile (see compile.log)";
    return;
  }
  // A case that hung is reproduced by a program that hangs as well: killed at the same
  // timeout (timeout(1) exits 137 for SIGKILL).
  const bool hang = pr.message.find("did not finish within") != std::string::npos;
  const int runs = 3;
  int reproduced = 0;
  for (int i = 0; i < runs; i++) {
    std::string cmd = "timeout -s KILL " + std::to_string(static_cast<int>(case_timeout_s) + 5) +
                      " " + q + "/repro > " + q + "/run" + std::to_string(i + 1) + ".log 2>&1";
    int st = system(cmd.c_str());
    reproduced += WIFEXITED(st) && (WEXITSTATUS(st) == 1 || (hang && WEXITSTATUS(st) == 137));
  }
  std::string n = std::to_string(reproduced) + "/" + std::to_string(runs);
  pr.repro_status = (reproduced == runs ? "confirmed " + n
                     : reproduced > 0   ? "flaky " + n
                                        : "not reproduced " + n) +
                    (hang && reproduced ? " (it hangs: killed after " +
                                              std::to_string(static_cast<int>(case_timeout_s) + 5) + " s)"
                                        : "");
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

int cmd_run(const RunOptions& o) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  RunReport rep;
  rep.kernel = kernel_release();
  rep.started = utc_now("%Y-%m-%dT%H:%M:%SZ");
  rep.run_id = o.run_id.empty() ? utc_now("%Y%m%d-%H%M%S") + "-" + std::to_string(getpid())
                                : o.run_id;
  rep.seed = o.seed_given ? o.seed : static_cast<uint64_t>(time(nullptr));
  rep.cases = o.cases;
  rep.budget_s = o.budget_s;
  rep.inject = inject_name(o.inject);
  rep.results_dir = o.results + "/" + rep.run_id;
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

  KmsgCursor kmsg;
  rep.kmsg_available = kmsg.available();
  rep.kmsg_reason = kmsg.available() ? "" : kmsg.unavailable_reason() + " (health checks use taint only)";

  auto backings = make_backings(o.fixtures);
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
    if (!why) rep.backings.back().capability = measure_capability(*b, std::max(60.0, o.case_timeout_s));
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
  std::cerr << "daxprop: results in " << rep.results_dir << "\n";

  RunSettings s;
  s.cases = o.cases;
  s.case_timeout_s = o.case_timeout_s;
  s.max_size = o.max_size;
  s.inject = o.inject;
  s.kernel = rep.kernel;
  s.seed = rep.seed;
  s.journal_dir = rep.results_dir + "/journal";

  size_t n = 0;
  for (auto& job : plan) {
    const PropertySpec* spec = job.spec;
    Backing* b = job.b;
    std::string name;
    if (spec) {
      name = spec->test_name(b->id());
    } else {
      std::string stem = job.trace_path.substr(job.trace_path.rfind('/') + 1);
      name = "regress." + b->id() + "." + stem.substr(0, stem.size() - 4);
    }
    n++;
    PropertyRun pr;
    if (const auto& why = setup_result[b->id()]) {
      pr.name = name;
      pr.status = PropertyRun::Status::kSkip;
      pr.message = *why;
    } else if (!spec) {
      auto t0c = Clock::now();
      ReplayResult r = replay_trace(job.trace, *b, o.case_timeout_s);
      pr.name = name;
      pr.cases = 1;
      pr.ops = job.trace.lines.size();
      pr.seconds = std::chrono::duration<double>(Clock::now() - t0c).count();
      pr.status = r.ok ? PropertyRun::Status::kPass : PropertyRun::Status::kFail;
      pr.message = r.ok ? "" : job.trace_path + ": " + r.verdict;
      if (!r.ok) {
        pr.min_failure = job.trace;
        for (size_t i = 0; i < pr.min_failure->lines.size(); i++) {
          pr.min_failure->lines[i].observed =
              i < r.obs.size() ? std::optional<Outcome>(r.obs[i].out) : std::nullopt;
        }
        pr.first_failure = pr.min_failure;
        verify_repro(pr, *b, rep.results_dir, o.case_timeout_s);
      }
      fprintf(stderr, "[%zu/%zu] %s: %s\n", n, n_results, name.c_str(), r.ok ? "pass" : "FAIL");
    } else {
      double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
      // The rest of the budget, shared by the properties still to run (corpus replays are
      // single cases and take no share).
      size_t props_left = 0;
      for (size_t k = n - 1; k < plan.size(); k++) props_left += plan[k].spec != nullptr;
      s.budget_s = o.budget_s > 0 ? std::max(0.001, (o.budget_s - elapsed) /
                                                        static_cast<double>(props_left))
                                  : 0;
      auto progress = [&](const std::string& test, int cases, int target) {
        double el = std::chrono::duration<double>(Clock::now() - t0).count();
        if (tty) {
          fprintf(stderr, "\r\033[K[%zu/%zu] %s: %d/%d cases", n, n_results, test.c_str(),
                  cases, target);
          if (o.budget_s > 0) fprintf(stderr, ", %.0f s left", std::max(0.0, o.budget_s - el));
        }
      };
      pr = run_property(*spec, *b, s, kmsg, progress);
      if (pr.status == PropertyRun::Status::kFail) verify_repro(pr, *b, rep.results_dir, s.case_timeout_s);
      if (tty) fprintf(stderr, "\r\033[K");
      fprintf(stderr, "[%zu/%zu] %s: %s, %d cases, %.1f s\n", n, n_results, pr.name.c_str(),
              pr.status == PropertyRun::Status::kPass   ? "pass"
              : pr.status == PropertyRun::Status::kFail ? "FAIL"
              : pr.status == PropertyRun::Status::kSkip ? "skip"
                                                        : "ERROR",
              pr.cases, pr.seconds);
    }
    std::string line = ktap_result(pr, n);
    std::cout << line << std::flush;
    ktap += line;
    rep.results.push_back(std::move(pr));
  }
  for (Backing* b : teardown) {
    n++;
    PropertyRun pr = teardown_check(*b, std::max(60.0, o.case_timeout_s));
    fprintf(stderr, "[%zu/%zu] %s: %s, %.1f s\n", n, n_results, pr.name.c_str(),
            pr.status == PropertyRun::Status::kPass ? "pass" : "FAIL", pr.seconds);
    std::string line = ktap_result(pr, n);
    std::cout << line << std::flush;
    ktap += line;
    rep.results.push_back(std::move(pr));
  }
  backings.clear();  // teardown (huge page reservations etc.) before the summary says "done"
  rep.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
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
