#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>

#include "fixtures/backing.h"
#include "src/cli.h"
#include "src/report.h"
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
  std::vector<std::pair<const PropertySpec*, Backing*>> plan;
  for (auto& b : backings) {
    if (!o.backings.empty() &&
        std::find(o.backings.begin(), o.backings.end(), b->id()) == o.backings.end()) {
      continue;
    }
    for (const auto& p : all_properties()) {
      if (selected_property(p, o.properties)) plan.emplace_back(&p, b.get());
    }
  }

  // A serial console is a tty too, but nobody watches a progress line redraw there.
  const char* term = getenv("TERM");
  const bool tty = isatty(STDERR_FILENO) && term && strcmp(term, "dumb") != 0;
  std::string ktap = ktap_header(rep, plan.size());
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

  std::map<std::string, std::optional<std::string>> setup_result;
  size_t n = 0;
  for (auto& [spec, b] : plan) {
    n++;
    if (!setup_result.count(b->id())) {
      auto why = b->setup();
      setup_result[b->id()] = why;
      BackingReport br{b->id(), b->description(), !why, why.value_or(""), b->facts()};
      rep.backings.push_back(br);
    }
    PropertyRun pr;
    if (const auto& why = setup_result[b->id()]) {
      pr.name = spec->test_name(b->id());
      pr.status = PropertyRun::Status::kSkip;
      pr.message = *why;
    } else {
      double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
      s.budget_s = o.budget_s > 0 ? std::max(0.001, (o.budget_s - elapsed) /
                                                        static_cast<double>(plan.size() - n + 1))
                                  : 0;
      auto progress = [&](const std::string& name, int cases, int target) {
        double el = std::chrono::duration<double>(Clock::now() - t0).count();
        if (tty) {
          fprintf(stderr, "\r\033[K[%zu/%zu] %s: %d/%d cases", n, plan.size(), name.c_str(),
                  cases, target);
          if (o.budget_s > 0) fprintf(stderr, ", %.0f s left", std::max(0.0, o.budget_s - el));
        }
      };
      pr = run_property(*spec, *b, s, kmsg, progress);
      if (tty) fprintf(stderr, "\r\033[K");
      fprintf(stderr, "[%zu/%zu] %s: %s, %d cases, %.1f s\n", n, plan.size(), pr.name.c_str(),
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
