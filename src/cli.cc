#include "src/cli.h"

#include <algorithm>
#include <iostream>
#include <regex>

#include "fixtures/backing.h"
#include "src/known_issues.h"
#include "suites/properties.h"
#include "version.h"

namespace daxprop {

namespace {

constexpr const char* kUsage =
    "usage: daxprop list\n"
    "       daxprop run [--backing ID,...] [--property NAME,...] [--seed N] [--cases N]\n"
    "                   [--budget DURATION] [--explore] [--swarm] [--known-issues FILE|none]\n"
    "                   [--results DIR] [--case-timeout DURATION] [--max-ops N]\n"
    "                   [--inject KIND[@TEST-GLOB]] [--kcidb-origin NAME] [--kcidb-git-url URL]\n"
    "                   [--kcidb-git-commit SHA1] [--kcidb-patchset SHA256] [--kcidb-tree NAME]\n"
    "                   [--kcidb-branch NAME] [--replay-from RUN_DIR] [--shard I/N]\n"
    "       daxprop merge --out DIR RUN...   (the parts of a --shard run, as one run)\n"
    "       daxprop compare [--json] [--out DIR] RUN_A RUN_B   (RUN: a results directory)\n"
    "       daxprop replay [--case-timeout DURATION] [--quiet] [FIXTURE OPTIONS] TRACE...\n"
    "       daxprop emit [FIXTURE OPTIONS] TRACE      (the trace's C reproducer, on stdout;\n"
    "                   with --provision the backing is set up first and left set up)\n"
    "       daxprop provision [FIXTURE OPTIONS] BACKING   (set a backing up and leave it so)\n"
    "       daxprop crosscheck [--plant] [--skew-repro] [--case-timeout DURATION]\n"
    "                   [FIXTURE OPTIONS] TRACE...   (the executor and each trace's repro.c must\n"
    "                   name the same first disagreeing op; --plant: also with one expectation\n"
    "                   altered; --skew-repro: the check's self-test, they must disagree)\n"
    "       daxprop bugreport [--kernel-tree DIR] [--config FILE] [--known-issues FILE|none]\n"
    "                   [--attach] FAILURE_DIR   (a plain-text report for a kernel list, on\n"
    "                   stdout; --attach: repro.c goes beside it, not inline)\n"
    "       daxprop gen --backing ID --property NAME --count N --out DIR [--seed N] [--max-ops N]\n"
    "fixture options (run, list, replay, emit, provision):\n"
    "  --provision            carve namespaces / bind devices on this machine (the VM does)\n"
    "  --namespace NAME,...   --dax-device daxX.Y,...   --vfio-device BDF,...   --mount DIR,...\n"
    "                         the only pmem, devices and dax filesystems daxprop may use\n"
    "  --allow-destroy        may reconfigure the named namespaces (destroys their data)\n"
    "  --allow-poison         may inject memory failures (MADV_HWPOISON) into the DAX pages;\n"
    "                         the pages stay marked poisoned until the namespace is re-enabled\n"
    "       daxprop --version\n"
    "DURATION is seconds or a number with s/m/h (e.g. 90, 10m). A run is a gate unless\n"
    "--explore: seed 1, a fixed number of cases per test by backing cost, the budget a\n"
    "watchdog (a test it cuts short is 'not ok # TIMEOUT'); --explore draws a random seed and\n"
    "lets the budget decide the cases. Known issues (default: suites/known-issues.yaml) turn a\n"
    "matching failure into XFAIL and a passing regression trace of one into XPASS.\n"
    "--swarm: each case draws its own mix of op kinds (about half of them, reweighted).\n"
    "--inject simulates a kernel bug (lost-write, no-sigbus, wrong-errno, hang, crash, panic,\n"
    "late-warn, late-write) in the tests matching TEST-GLOB (default all) to test daxprop\n"
    "itself; panic crashes the kernel and is honoured only inside runners/run's VM.\n"
    "Exit: 0 passed (XFAIL included), 1 a failure, an XPASS, an error or a TIMEOUT, 2 bad\n"
    "input, 4 nothing ran (all skipped); compare: 0 no regression, 1 regressions, 2 bad input.\n";

int usage_error(const std::string& msg) {
  std::cerr << "daxprop: " << msg << "\n";
  return 2;
}

}  // namespace

std::string RunOptions::canonical() const {
  std::string inj;
  for (const auto& [kind, glob] : injects) inj += (inj.empty() ? "" : ",") + inject_name(kind) + "@" + glob;
  return "backing=" + join(backings, ",") + " property=" + join(properties, ",") +
         " cases=" + (cases_given ? std::to_string(cases) : "gate") + " explore=" + (explore ? "1" : "0") +
         (swarm ? " swarm=1" : "") +
         (explore ? " budget=" + std::to_string(budget_s) : "") + " max-ops=" + std::to_string(max_size) +
         " case-timeout=" + std::to_string(case_timeout_s) + " inject=" + inj +
         " known-issues=" + known_issues + " replay-from=" + replay_from;
}

// "--opt=value" -> ("--opt", "value", true); anything else is returned as it is.
struct SplitArg {
  std::string name, value;
  bool has_value = false;
};
SplitArg split_eq(const std::string& arg) {
  auto eq = arg.find('=');
  if (!starts_with(arg, "--") || eq == std::string::npos) return {arg, "", false};
  return {arg.substr(0, eq), arg.substr(eq + 1), true};
}

// Fixture options, shared by run, list and replay. Returns 1 if args[i] was one (consuming its
// value), 0 if not, -1 on a usage error (already reported).
int fixture_option(const std::vector<std::string>& args, size_t& i, FixtureConfig& f) {
  auto [a, v, has_eq] = split_eq(args[i]);
  if (a == "--provision" || a == "--allow-destroy" || a == "--allow-poison") {
    if (has_eq) {
      usage_error(a + " takes no value");
      return -1;
    }
    (a == "--provision" ? f.provision : a == "--allow-destroy" ? f.allow_destroy : f.allow_poison) =
        true;
    return 1;
  }
  std::vector<std::string>* list = a == "--namespace"     ? &f.namespaces
                                   : a == "--dax-device"  ? &f.dax_devices
                                   : a == "--vfio-device" ? &f.vfio_devices
                                   : a == "--mount"       ? &f.mounts
                                                          : nullptr;
  if (!list) return 0;
  if (!has_eq) {
    if (i + 1 >= args.size()) {
      usage_error(a + " needs a value");
      return -1;
    }
    v = args[++i];
  }
  for (const auto& item : split(v, ',')) {
    if (item.empty()) {
      usage_error(a + " has an empty item in '" + v + "'");
      return -1;
    }
    list->push_back(item);
  }
  return 1;
}

int gen_main(const std::vector<std::string>& args) {
  std::string backing, property, out;
  uint64_t seed = 1;
  int count = 0, max_ops = 40;
  for (size_t i = 1; i < args.size(); i++) {
    const std::string& a = args[i];
    if (i + 1 >= args.size()) return usage_error(a + " needs a value");
    const std::string& v = args[++i];
    if (a == "--backing") {
      backing = v;
    } else if (a == "--property") {
      property = v;
    } else if (a == "--out") {
      out = v;
    } else if (a == "--seed" || a == "--count" || a == "--max-ops") {
      auto n = parse_u64(v);
      if (!n || v.find_first_not_of("0123456789") != std::string::npos ||
          (a != "--seed" && (*n == 0 || *n > 1000000))) {
        return usage_error("bad " + a + " '" + v + "'");
      }
      if (a == "--seed") seed = *n;
      if (a == "--count") count = static_cast<int>(*n);
      if (a == "--max-ops") max_ops = static_cast<int>(*n);
    } else {
      return usage_error("unknown option '" + a + "' for gen (try --help)");
    }
  }
  if (backing.empty() || property.empty() || out.empty() || count == 0) {
    return usage_error("gen needs --backing, --property, --count and --out");
  }
  return cmd_gen(backing, property, count, seed, max_ops, out);
}

int cli_main(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (cmd == "--version") {
    std::cout << "daxprop " << DAXPROP_VERSION << "\n";
    return 0;
  }
  if (cmd == "gen") return gen_main(args);
  if (cmd == "compare") return cmd_compare(args);
  if (cmd == "merge") return cmd_merge(args);
  if (cmd == "bugreport") return cmd_bugreport(args);
  if (cmd == "list" || cmd == "replay" || cmd == "emit" || cmd == "provision" || cmd == "crosscheck") {
    FixtureConfig f;
    std::vector<std::string> rest;
    double case_timeout = 30;
    bool quiet = false, plant = false, skew = false;
    for (size_t i = 1; i < args.size(); i++) {
      int r = fixture_option(args, i, f);
      if (r < 0) return 2;
      if (r == 0 && cmd == "replay" && args[i] == "--quiet") {
        quiet = true;
        continue;
      }
      if (r == 0 && cmd == "crosscheck" && (args[i] == "--plant" || args[i] == "--skew-repro")) {
        (args[i] == "--plant" ? plant : skew) = true;
        continue;
      }
      if (r == 0 && (cmd == "replay" || cmd == "crosscheck") && split_eq(args[i]).name == "--case-timeout") {
        auto sa = split_eq(args[i]);
        std::string val = sa.has_value ? sa.value : i + 1 < args.size() ? args[++i] : "";
        auto d = parse_duration(val);
        if (!d) return usage_error("bad --case-timeout '" + val + "' (e.g. 5, 30s, 2m)");
        case_timeout = *d;
        continue;
      }
      if (r == 0 && starts_with(args[i], "--")) {
        return usage_error("unknown option '" + args[i] + "' for " + cmd + " (try --help)");
      }
      if (r == 0) rest.push_back(args[i]);
    }
    if (cmd == "list") {
      if (!rest.empty()) return usage_error("list takes no arguments (got '" + rest[0] + "')");
      return cmd_list(f);
    }
    if (cmd == "provision") {
      if (rest.size() != 1) return usage_error("provision takes exactly one backing id");
      return cmd_provision(rest[0], f);
    }
    if (cmd == "emit") {
      if (rest.size() != 1) return usage_error("emit takes exactly one trace file");
      return cmd_emit(rest[0], f);
    }
    if (rest.empty()) return usage_error(cmd + " needs a trace file");
    if (cmd == "crosscheck") return cmd_crosscheck(rest, f, case_timeout, plant, skew);
    return cmd_replay_many(rest, f, case_timeout, quiet);
  }
  if (cmd != "run") return usage_error("unknown command '" + cmd + "' (try --help)");

  RunOptions o;
  bool check_only = false;
  std::vector<std::string> known_backings = backing_ids();
  for (size_t i = 1; i < args.size(); i++) {
    int fr = fixture_option(args, i, o.fixtures);
    if (fr < 0) return 2;
    if (fr > 0) continue;
    auto [a, v, has_eq] = split_eq(args[i]);
    if (a == "--check-args") {  // runners/run validates on the host before booting the VM
      check_only = true;
      continue;
    }
    if (a == "--explore" || a == "--resume" || a == "--swarm") {
      if (has_eq) return usage_error(a + " takes no value");
      (a == "--explore" ? o.explore : a == "--swarm" ? o.swarm : o.resume) = true;
      continue;
    }
    auto value = [&]() -> std::optional<std::string> {
      if (has_eq) return v;
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--backing" || a == "--property" || a == "--seed" || a == "--cases" ||
        a == "--budget" || a == "--results" || a == "--case-timeout" || a == "--max-ops" ||
        a == "--inject" || a == "--run-id" || a == "--known-issues" || a == "--replay-from" ||
        a == "--shard" || starts_with(a, "--kcidb-")) {
      auto val = value();
      if (!val || val->empty()) return usage_error(a + " needs a value");
      if (a == "--backing") {
        for (const auto& id : split(*val, ',')) {
          if (std::find(known_backings.begin(), known_backings.end(), id) == known_backings.end()) {
            return usage_error("unknown backing '" + id + "' (known: " + join(known_backings, ",") + ")");
          }
          o.backings.push_back(id);
        }
      } else if (a == "--property") {
        for (const auto& name : split(*val, ',')) {
          bool found = false;
          found = name == "regress";  // the regression corpus
          for (const auto& p : all_properties()) found |= name == p.id() || name == p.family;
          if (!found) {
            std::vector<std::string> ids;
            for (const auto& p : all_properties()) ids.push_back(p.id());
            return usage_error("unknown property '" + name + "' (known: " + join(ids, ",") + ")");
          }
          o.properties.push_back(name);
        }
      } else if (a == "--seed") {
        auto s = parse_u64(*val);
        bool digits = val->find_first_not_of("0123456789") == std::string::npos;
        if (!s || (!digits && !starts_with(*val, "0x"))) {
          return usage_error("bad --seed '" + *val + "' (a non-negative integer)");
        }
        o.seed = *s;
        o.seed_given = true;
      } else if (a == "--cases" || a == "--max-ops") {
        auto n = parse_u64(*val);
        if (!n || *n == 0 || *n > 10000000 || val->find_first_not_of("0123456789") != std::string::npos) {
          return usage_error("bad " + a + " '" + *val + "' (a positive integer)");
        }
        (a == "--cases" ? o.cases : o.max_size) = static_cast<int>(*n);
        if (a == "--cases") o.cases_given = true;
      } else if (a == "--budget" || a == "--case-timeout") {
        auto d = parse_duration(*val);
        if (!d) return usage_error("bad " + a + " '" + *val + "' (e.g. 90, 90s, 10m, 1h)");
        (a == "--budget" ? o.budget_s : o.case_timeout_s) = *d;
      } else if (a == "--results") {
        o.results = *val;
      } else if (a == "--shard") {
        auto sh = parse_shard(*val);
        if (!sh) return usage_error("bad --shard '" + *val + "' (I/N: part I of N, 1 <= I <= N <= 256)");
        o.shard = *sh;
      } else if (a == "--replay-from") {
        if (!read_file(*val + "/summary.json")) {
          return usage_error("--replay-from " + *val + ": no summary.json there (a run directory is needed)");
        }
        o.replay_from = *val;
      } else if (a == "--known-issues") {
        if (*val != "none") {
          auto k = load_known_issues(*val);
          if (auto* why = std::get_if<std::string>(&k)) return usage_error(*why);
        }
        o.known_issues = *val;
      } else if (a == "--kcidb-origin") {
        static const std::regex origin("[a-z0-9_]+");
        if (!std::regex_match(*val, origin)) {
          return usage_error("bad --kcidb-origin '" + *val + "' (KCIDB: [a-z0-9_]+)");
        }
        o.kcidb.origin = *val;
      } else if (a == "--kcidb-git-url") {
        if (!starts_with(*val, "https://") || val->find_first_of(" \t\n") != std::string::npos) {
          return usage_error("bad --kcidb-git-url '" + *val + "' (KCIDB: an https:// URL)");
        }
        o.kcidb.git_url = *val;
      } else if (a == "--kcidb-git-commit" || a == "--kcidb-patchset") {
        const size_t len = a == "--kcidb-git-commit" ? 40 : 64;
        if (val->size() != len || val->find_first_not_of("0123456789abcdef") != std::string::npos) {
          return usage_error("bad " + a + " '" + *val + "' (" + std::to_string(len) +
                             " lower-case hex digits)");
        }
        (a == "--kcidb-git-commit" ? o.kcidb.git_commit : o.kcidb.patchset_hash) = *val;
      } else if (a == "--kcidb-tree" || a == "--kcidb-branch") {
        (a == "--kcidb-tree" ? o.kcidb.tree_name : o.kcidb.branch) = *val;
      } else if (starts_with(a, "--kcidb-")) {
        return usage_error("unknown option '" + a + "' for run (try --help)");
      } else if (a == "--run-id") {
        if (val->find_first_of("/ \t") != std::string::npos || *val == "." || *val == "..") {
          return usage_error("bad --run-id '" + *val + "' (no slashes or spaces)");
        }
        o.run_id = *val;
      } else {
        const auto at = val->find('@');
        auto inj = inject_from_name(val->substr(0, at));
        if (!inj || (at != std::string::npos && at + 1 == val->size())) {
          return usage_error("bad --inject '" + *val + "' (KIND[@TEST-GLOB]; KIND: none, lost-write, "
                             "no-sigbus, wrong-errno, hang, crash, panic, late-warn, late-write)");
        }
        o.injects.emplace_back(*inj, at == std::string::npos ? "*" : val->substr(at + 1));
      }
    } else {
      return usage_error("unknown option '" + args[i] + "' for run (try --help)");
    }
  }
  if (o.explore && !o.cases_given) o.cases = 1000000;  // the budget decides
  if (o.explore && o.budget_s <= 0) return usage_error("--explore needs --budget (it runs until then)");
  if (check_only) return 0;
  return cmd_run(o);
}

}  // namespace daxprop
