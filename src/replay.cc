#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>

#include "fixtures/backing.h"
#include "src/case_runner.h"
#include "src/cli.h"
#include "src/model.h"
#include "src/emit_c.h"
#include "src/oracle.h"
#include "src/race.h"
#include "src/signature.h"
#include "suites/properties.h"
#include "version.h"

namespace daxprop {

ReplayResult replay_trace(const Trace& t, const Backing& b, double case_timeout_s,
                          KmsgCursor* kmsg, const std::string& journal_path) {
  ReplayResult r;
  std::vector<Op> ops;
  for (const auto& l : t.lines) ops.push_back(l.op);
  CaseOptions co;
  co.inject = inject_from_name(t.header.inject).value_or(Inject::kNone);
  co.timeout_s = case_timeout_s;
  co.journal_path = journal_path;
  co.header = t.header;
  co.kmsg_marks = kmsg && kmsg->available();
  uint64_t taint0 = read_taint();
  std::optional<RaceCase> race;
  if (t.race.reps > 0) {
    auto rc = race_case_of(b.traits(), t);
    if (auto* why = std::get_if<std::string>(&rc)) {
      r.ok = false;
      r.verdict = "the trace's parallel section: " + *why;
      return r;
    }
    race = std::get<RaceCase>(rc);
    ops = race_all_ops(*race);
  }
  CaseRun run = race ? run_race_case(b, *race, co) : run_case(b, ops, co);
  r.end = run.end;
  std::vector<std::string> klines = kmsg ? kmsg->read_all() : std::vector<std::string>{};
  r.kmsg = KmsgCursor::bad_of(klines);
  Model m(b.traits());
  for (size_t i = 0; i < t.lines.size() && i < run.obs.size(); i++) {
    Expect want = m.step(ops[i]);
    if (t.lines[i].observed && !(*t.lines[i].observed == run.obs[i].out)) r.differ++;
    if (r.ok && !race) {
      if (auto why = judge(ops[i], want, run.obs[i], &r.signature)) {
        r.ok = false;
        r.verdict = "op " + std::to_string(i + 1) + ": " + *why;
      }
    }
  }
  if (race) {
    const RaceVerdict v = judge_race(b.traits(), *race, run.obs);
    r.race_reps = v.reps_judged;
    r.race_failed = v.failed_reps;
    if (!v.ok) {
      r.ok = false;
      r.verdict = v.in_section ? v.message : "op " + std::to_string(v.index % race_rep_ops(*race).size() + 1) + ": " + v.message;
      r.signature = v.signature;
    }
  }
  if (r.ok && run.end != CaseRun::End::kCompleted) {
    r.ok = false;
    r.verdict = run.detail;
    r.signature = run.signature;
  }
  std::string health_sig;
  const std::string health = health_verdict(r.kmsg, kmsg ? new_taint(taint0, read_taint()) : "", &health_sig);
  if (!health.empty()) {
    if (r.ok) {
      r.verdict = health;
      r.signature = health_sig;
    }
    r.ok = false;
    const std::string title = race ? race_kmsg_signature(klines, *race) : kmsg_signature(klines, ops);
    if (!title.empty()) r.signature = title;
  }
  r.verdict += race ? race_kmsg_note(klines, *race) : kmsg_note(klines, ops);
  r.obs = std::move(run.obs);
  r.stacks = std::move(run.stacks);
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

namespace {

// A trace, its backing and its ops, checked for consistency; nothing (after a one-line error)
// if the file is unusable.
struct Loaded {
  Trace trace;
  std::unique_ptr<Backing> backing;
  std::vector<Op> ops;
};

std::optional<Loaded> load_trace(const std::string& path, const FixtureConfig& cfg) {
  auto text = read_file(path);
  if (!text) {
    std::cerr << "daxprop: cannot read trace: " << text.error().str() << "\n";
    return std::nullopt;
  }
  auto parsed = parse_trace(*text);
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    std::cerr << "daxprop: " << path << ":" << e->line << ": " << e->reason << "\n";
    return std::nullopt;
  }
  Loaded l;
  l.trace = std::get<Trace>(parsed);
  const Trace& t = l.trace;
  if (!inject_from_name(t.header.inject)) {
    std::cerr << "daxprop: " << path << ": unknown inject '" << t.header.inject << "'\n";
    return std::nullopt;
  }
  for (auto& b : make_backings(cfg)) {
    if (b->id() == t.header.backing) l.backing = std::move(b);
  }
  if (!l.backing) {
    std::cerr << "daxprop: " << path << ": unknown backing '" << t.header.backing
              << "' (known: " << join(backing_ids(), ",") << ")\n";
    return std::nullopt;
  }
  return l;
}

// The trace's ops make sense on a backing with these traits (set up: a BAR's or a device's
// size is known only then); fills *ops. False after a one-line error if not.
bool check_ops(const Trace& t, const BackingTraits& traits, const std::string& path,
               std::vector<Op>* ops) {
  Model check(traits);
  ops->clear();
  for (size_t i = 0; i < t.lines.size(); i++) {
    if (!check.valid(t.lines[i].op)) {
      std::cerr << "daxprop: " << path << ": op " << i + 1 << " (" << format_op(t.lines[i].op)
                << ") refers to a mapping, process or file that does not exist there\n";
      return false;
    }
    check.step(t.lines[i].op);
    ops->push_back(t.lines[i].op);
  }
  if (t.race.reps > 0) {
    const auto rc = race_case_of(traits, t);
    if (const auto* why = std::get_if<std::string>(&rc)) {
      std::cerr << "daxprop: " << path << ": the parallel section: " << *why << "\n";
      return false;
    }
  }
  return true;
}
bool check_ops(Loaded& l, const std::string& path) {
  return check_ops(l.trace, l.backing->traits(), path, &l.ops);
}

// The backing of a loaded trace, set up once per id for all the traces that use it (`ready`
// keeps them); *why says why it cannot be set up (then it is null, and not kept).
Backing* ready_backing(std::map<std::string, std::unique_ptr<Backing>>& ready, Loaded& l,
                       std::optional<std::string>* why) {
  const std::string id = l.backing->id();
  auto& b = ready[id];
  if (!b) {
    b = std::move(l.backing);
    if ((*why = b->setup())) {
      ready.erase(id);
      return nullptr;
    }
  }
  return b.get();
}

}  // namespace

int cmd_replay(const std::string& path, const FixtureConfig& cfg, double case_timeout_s) {
  auto loaded = load_trace(path, cfg);
  if (!loaded) return 2;
  const Trace& t = loaded->trace;
  const std::vector<Op>& ops = loaded->ops;
  Backing* backing = loaded->backing.get();
  if (auto why = backing->setup()) {
    std::cout << "SKIP: backing " << backing->id() << ": " << *why << "\n";
    return 4;
  }
  if (!check_ops(*loaded, path)) return 2;
  KmsgCursor kmsg;
  ReplayResult r = replay_trace(t, *backing, case_timeout_s, &kmsg);
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
  if (t.race.reps > 0) {
    std::cout << "parallel reps=" << t.race.reps << "\n";
    for (size_t k = 0; k < t.race.threads.size(); k++) {
      for (const auto& l : t.race.threads[k]) std::cout << "t" << k << " " << format_trace_line(l) << "\n";
    }
    std::cout << "race: " << r.race_failed << " of " << r.race_reps
              << " repetitions judged have outcomes no order of the section explains\n";
  }
  std::cout << "replay: " << ops.size() << " ops, " << differ
            << " outcomes differ from the recording\n";
  if (verdict) {
    if (!r.stacks.empty()) std::cout << "kernel stacks when it hung:\n" << r.stacks;
    std::cout << "FAIL: " << *verdict << "\n";
    return 1;
  }
  std::cout << "PASS: every outcome agrees with the model\n";
  return 0;
}

int cmd_replay_many(const std::vector<std::string>& paths, const FixtureConfig& cfg,
                    double case_timeout_s, bool quiet) {
  if (paths.size() == 1 && !quiet) return cmd_replay(paths[0], cfg, case_timeout_s);
  std::vector<Loaded> all;
  for (const auto& p : paths) {
    auto l = load_trace(p, cfg);
    if (!l) return 2;
    // Checked against the traits a backing has before setup: a trace that cannot be right even
    // so is bad input before anything is set up.
    if (!cfg.provision && cfg.dax_devices.empty() && cfg.vfio_devices.empty() &&
        cfg.namespaces.empty() && cfg.mounts.empty() && !check_ops(*l, p)) {
      return 2;
    }
    all.push_back(std::move(*l));
  }
  // One backing object per id, set up once for all its traces.
  std::map<std::string, std::unique_ptr<Backing>> ready;
  KmsgCursor kmsg;
  int failed = 0;
  for (size_t i = 0; i < all.size(); i++) {
    std::optional<std::string> why;
    Backing* b = ready_backing(ready, all[i], &why);
    if (!b) {
      std::cout << "SKIP: backing " << all[i].trace.header.backing << ": " << *why << "\n";
      return 4;
    }
    std::vector<Op> ops;
    if (!check_ops(all[i].trace, b->traits(), paths[i], &ops)) return 2;
    ReplayResult r = replay_trace(all[i].trace, *b, case_timeout_s, &kmsg);
    failed += !r.ok;
    std::cout << (r.ok ? "PASS " : "FAIL ") << paths[i];
    if (!r.ok) std::cout << ": " << r.verdict;
    std::cout << "\n";
  }
  std::cout << "replay: " << paths.size() << " traces, " << failed << " failed\n";
  return failed ? 1 : 0;
}

namespace {

// Sets the backing up and leaves it set up when the program ends (no teardown, no destructors):
// the reproducer that runs next finds the namespace, mount or vfio-pci binding in place.
// Returns false (the SKIP reason printed) if it cannot be set up.
bool set_up_and_keep(Backing& b) {
  if (auto why = b.setup()) {
    std::cerr << "SKIP: backing " << b.id() << ": " << *why << "\n";
    return false;
  }
  return true;
}
[[noreturn]] void exit_keeping_fixtures(int status) {
  std::cout.flush();
  std::cerr.flush();
  std::_Exit(status);
}

}  // namespace

int cmd_emit(const std::string& path, const FixtureConfig& cfg) {
  auto l = load_trace(path, cfg);
  if (!l) return 2;
  // Provisioned, the backing's facts (device path, mount, BAR size) are this machine's.
  if (cfg.provision && !set_up_and_keep(*l->backing)) return 4;
  if (!check_ops(*l, path)) return 2;
  if (l->trace.race.reps > 0) {
    auto src = emit_race_c(l->trace, l->backing->traits(), l->backing->c_setup());
    if (auto* e = std::get_if<RaceCError>(&src)) {
      std::cerr << "daxprop: " << path << ": no reproducer for this racing trace: " << e->why << "\n";
      if (cfg.provision) exit_keeping_fixtures(2);
      return 2;
    }
    std::cout << std::get<std::string>(src);
    if (cfg.provision) exit_keeping_fixtures(0);
    return 0;
  }
  std::cout << emit_c(l->trace, l->backing->traits(), l->backing->c_setup(),
                      expectations(l->backing->traits(), l->ops));
  if (cfg.provision) exit_keeping_fixtures(0);
  return 0;
}

int cmd_provision(const std::string& id, const FixtureConfig& cfg) {
  for (auto& b : make_backings(cfg)) {
    if (b->id() != id) continue;
    if (!set_up_and_keep(*b)) return 4;
    const CSetup c = b->c_setup();
    std::cout << "ready: " << id << (c.manual_step.empty() ? "" : " (" + c.manual_step + ")") << "\n";
    exit_keeping_fixtures(0);
  }
  std::cerr << "daxprop: unknown backing '" << id << "' (known: " << join(backing_ids(), ",") << ")\n";
  return 2;
}

int cmd_gen(const std::string& backing, const std::string& property, int count, uint64_t seed,
            int max_ops, const std::string& dir) {
  std::unique_ptr<Backing> b;
  for (auto& x : make_backings()) {
    if (x->id() == backing) b = std::move(x);
  }
  const PropertySpec* spec = nullptr;
  for (const auto& p : all_properties()) {
    if (p.id() == property) spec = &p;
  }
  if (!b || !spec) {
    std::cerr << "daxprop: unknown " << (b ? "property '" + property : "backing '" + backing)
              << "'\n";
    return 2;
  }
  if (auto why = spec->not_applicable(b->traits()); !why.empty()) {
    std::cerr << "daxprop: " << property << " does not apply to " << backing << ": " << why << "\n";
    return 2;
  }
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    std::cerr << "daxprop: cannot create " << dir << ": " << strerror(errno) << "\n";
    return 2;
  }
  for (int i = 0; i < count; i++) {
    Trace t;
    t.header.daxprop_version = DAXPROP_VERSION;
    t.header.property = property;
    t.header.backing = backing;
    t.header.seed = seed + static_cast<uint64_t>(i);
    t.header.kernel = kernel_release();
    if (spec->race) {
      const RaceCase rc = generate_race(*spec, b->traits(), t.header.seed, max_ops);
      for (const auto& op : rc.prefix) t.lines.push_back(TraceLine{op, std::nullopt});
      t.race.reps = rc.reps;
      for (const auto& th : rc.threads) {
        t.race.threads.emplace_back();
        for (const auto& op : th) t.race.threads.back().push_back(TraceLine{op, std::nullopt});
      }
    } else {
      for (auto& op : generate_ops(*spec, b->traits(), t.header.seed, max_ops)) {
        t.lines.push_back(TraceLine{std::move(op), std::nullopt});
      }
    }
    char name[64];
    snprintf(name, sizeof name, "/%s.%s.%04d.txt", backing.c_str(), property.c_str(), i);
    if (!write_file(dir + name, format_trace(t))) {
      std::cerr << "daxprop: cannot write " << dir << name << "\n";
      return 2;
    }
  }
  return 0;
}

}  // namespace daxprop

namespace daxprop {

namespace {

// What one side said of a trace: the first op (0-based) whose outcome disagreed with its
// expectation, -1 for none; `how` says it in words. `inconclusive` when the side could not
// judge (the case hung or crashed, the program could not be built or set up).
struct SideVerdict {
  int op = -1;
  bool inconclusive = false;
  std::string how;
};

SideVerdict executor_side(const std::vector<Op>& ops, const std::vector<Expect>& want,
                          const ReplayResult& r) {
  SideVerdict v;
  if (r.obs.size() < ops.size()) {
    v.inconclusive = true;
    v.how = "the case ended early: " + r.verdict;
    return v;
  }
  for (size_t i = 0; i < ops.size(); i++) {
    if (auto why = judge(ops[i], want[i], r.obs[i])) {
      v.op = static_cast<int>(i);
      v.how = "op " + std::to_string(i + 1) + ": " + why->substr(0, why->find('\n'));
      return v;
    }
  }
  v.how = "every op agrees";
  return v;
}

SideVerdict repro_side(const std::string& src, const std::string& dir, double timeout_s) {
  SideVerdict v;
  const std::string q = "'" + dir + "'";
  if (!write_file(dir + "/repro.c", src)) {
    v.inconclusive = true;
    v.how = "cannot write " + dir + "/repro.c";
    return v;
  }
  if (system(("cc -O1 -w -o " + q + "/repro " + q + "/repro.c -luring > " + q + "/compile.log 2>&1").c_str()) != 0) {
    v.inconclusive = true;
    v.how = "the reproducer did not compile (" + dir + "/compile.log)";
    return v;
  }
  const int limit = std::max(1, static_cast<int>(timeout_s));
  const int st = system(("REPRO_TIMEOUT=" + std::to_string(limit) + " timeout -s KILL " +
                         std::to_string(2 * limit + 30) + " " + q + "/repro > " + q + "/run.log 2>&1")
                            .c_str());
  auto log = read_file(dir + "/run.log");
  const std::string out = log ? *log : "";
  const int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  if (code == 0 && out.find("OK: all ops behaved as expected") != std::string::npos) {
    v.how = "every op agrees";
    return v;
  }
  // "REPRO: op N (...): what differed"
  const size_t at = out.find("REPRO: op ");
  if (code == 1 && at != std::string::npos) {
    v.op = static_cast<int>(strtol(out.c_str() + at + 10, nullptr, 10)) - 1;
    v.how = out.substr(at + 7, out.find('\n', at) - at - 7);
    return v;
  }
  v.inconclusive = true;
  v.how = "exit " + std::to_string(code) + ": " + trim(out).substr(0, 300);
  return v;
}

// The expectation of op k altered so that no kernel meets it: a byte it reads, the count it
// moves, else its outcome (an errno no op returns).
std::vector<Expect> planted(std::vector<Expect> want, size_t k) {
  Expect& e = want[k];
  size_t byte = e.data.size();
  for (size_t i = 0; i < e.data.size() && i < e.known.size(); i++) {
    if (e.known[i]) {
      byte = i;
      break;
    }
  }
  if (byte < e.data.size()) {
    e.data[byte] ^= 0x5a;
  } else if (e.out.n) {
    *e.out.n += 1;
  } else {
    e.out = Outcome::error(EDOM);
  }
  return want;
}

}  // namespace

int cmd_crosscheck(const std::vector<std::string>& paths, const FixtureConfig& cfg,
                   double case_timeout_s, bool plant, bool skew) {
  std::vector<Loaded> all;
  for (const auto& p : paths) {
    auto l = load_trace(p, cfg);
    if (!l) return 2;
    if (l->trace.race.reps > 0) {
      std::cerr << "daxprop: " << p << ": crosscheck compares sequential traces (a racing trace's outcomes depend on the order its threads took)\n";
      return 2;
    }
    all.push_back(std::move(*l));
  }
  char tmpl[] = "/var/tmp/daxprop-crosscheck-XXXXXX";
  if (!mkdtemp(tmpl)) {
    std::cerr << "daxprop: cannot make a directory under /var/tmp: " << strerror(errno) << "\n";
    return 3;
  }
  const std::string dir = tmpl;
  std::map<std::string, std::unique_ptr<Backing>> ready;
  KmsgCursor kmsg;
  int agreed = 0, differ = 0, skipped = 0;
  for (size_t i = 0; i < all.size(); i++) {
    std::optional<std::string> why;
    Backing* b = ready_backing(ready, all[i], &why);
    if (!b) {
      std::cout << "SKIP: backing " << all[i].trace.header.backing << ": " << *why << "\n";
      skipped += 1;
      continue;
    }
    const CSetup setup = b->c_setup();
    if (setup.needs_argv || setup.exclusive) {
      std::cout << "SKIP " << paths[i] << ": the reproducer cannot run beside this process ("
                << (setup.exclusive ? "it needs the device this run holds" : setup.manual_step) << ")\n";
      skipped += 1;
      continue;
    }
    Trace t = all[i].trace;
    std::vector<Op> ops;
    if (!check_ops(t, b->traits(), paths[i], &ops)) return 2;
    if (ops.empty()) continue;
    const std::vector<Expect> want = expectations(b->traits(), ops);
    const ReplayResult r = replay_trace(t, *b, case_timeout_s, &kmsg);
    // Each variant: the expectations both sides judge by, and the reproducer's trace.
    struct Variant {
      std::string name;
      std::vector<Expect> want;
      Trace repro;
    };
    std::vector<Variant> variants{{"as is", want, t}};
    if (plant) {
      const size_t k = static_cast<size_t>(t.header.seed % ops.size());
      variants.push_back({"planted at op " + std::to_string(k + 1), planted(want, k), t});
    }
    if (skew) {
      // The reproducer's side drifted from the executor's: every offset of its ops a page
      // further, every pattern another.
      Trace s = t;
      bool done = false;
      for (auto& l : s.lines) {
        std::visit([&](auto& o) {
          if constexpr (requires { o.pat; }) {
            o.pat ^= 1;
            done = true;
          }
          if constexpr (requires { o.off; }) {
            o.off += kPage;
            done = true;
          }
        }, l.op);
      }
      if (done) variants.push_back({"reproducer skewed", want, s});
    }
    for (const Variant& v : variants) {
      const SideVerdict ex = executor_side(ops, v.want, r);
      const SideVerdict rp = repro_side(emit_c(v.repro, b->traits(), setup, v.want), dir, case_timeout_s);
      const std::string what = paths[i] + " (" + v.name + ")";
      if (ex.inconclusive || rp.inconclusive) {
        std::cout << "SKIP " << what << ": " << (ex.inconclusive ? "executor: " + ex.how : "reproducer: " + rp.how) << "\n";
        skipped += 1;
      } else if (ex.op == rp.op) {
        std::cout << "AGREE " << what << ": " << (ex.op < 0 ? "every op agrees" : "both fail at op " + std::to_string(ex.op + 1)) << "\n";
        agreed += 1;
      } else {
        std::cout << "DISAGREE " << what << ": executor: " << ex.how << "; reproducer: " << rp.how << "\n";
        differ += 1;
      }
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::cout << "crosscheck: " << agreed << " agree, " << differ << " disagree, " << skipped << " skipped\n";
  if (differ) return 1;
  return agreed ? 0 : 4;
}

}  // namespace daxprop
