#include "src/race.h"

#include <signal.h>
#include <sys/mman.h>

#include <set>

#include "src/kmsg.h"
#include "src/oracle.h"
#include "src/signature.h"

namespace daxprop {

namespace {

// The pages an op of a parallel section touches: (mapping handle, page) of memory ops, object
// pages of file ops (a truncate: the pages either side of its new end).
void touched(const Op& op, uint64_t unit, std::set<std::pair<int, uint64_t>>& maps,
             std::set<uint64_t>& obj) {
  auto range = [&](int h, uint64_t off, uint64_t len) {
    maps.insert({h, off / kPage});
    if (len > 0) maps.insert({h, (off + len - 1) / kPage});
  };
  std::visit(
      [&](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, WriteOp> || std::is_same_v<T, ReadOp> ||
                      std::is_same_v<T, UnmapOp> || std::is_same_v<T, MprotectOp> ||
                      std::is_same_v<T, MadviseOp> || std::is_same_v<T, MsyncOp> ||
                      std::is_same_v<T, PinOp>) {
          range(o.h, o.off, o.len);
        } else if constexpr (std::is_same_v<T, SysWriteOp> || std::is_same_v<T, SysReadOp> ||
                             std::is_same_v<T, PunchHoleOp>) {
          obj.insert(o.off / kPage);
          if (o.len > 0) obj.insert((o.off + o.len - 1) / kPage);
        } else if constexpr (std::is_same_v<T, TruncateOp>) {
          if (o.size >= kPage) obj.insert((o.size - 1) / kPage);
          obj.insert(o.size / kPage);
          if (unit > kPage) obj.insert(round_down(o.size, unit) / kPage);
        }
      },
      op);
}

// A load or store through a mapping (GUP's copies too): it goes through the page tables.
bool is_access(const Op& op) {
  return std::holds_alternative<WriteOp>(op) || std::holds_alternative<ReadOp>(op) ||
         std::holds_alternative<PinOp>(op);
}
// A change of the layout that takes effect in two steps: first what syscalls see (the VMA tree,
// i_size), then the page tables (zap, change_protection, unmap_mapping_range). Until the call
// returns, an access from another CPU through an entry not yet zapped still reaches the old page.
bool is_layout(const Op& op) {
  return std::holds_alternative<UnmapOp>(op) || std::holds_alternative<MprotectOp>(op) ||
         std::holds_alternative<MadviseOp>(op) || std::holds_alternative<TruncateOp>(op) ||
         std::holds_alternative<PunchHoleOp>(op);
}

struct Placed {
  int t;
  size_t i;
  bool ghost = false;  // the copy-on-write break of op i's fault, not the op
};

struct Search {
  const std::vector<std::vector<Op>>& threads;
  const std::vector<std::vector<Observation>>& obs;
  const std::vector<Op>& reads;
  const std::vector<Observation>& read_obs;
  size_t total = 0;
  std::vector<size_t> pos;
  std::vector<Placed> placed;  // the order so far
  std::vector<Model> before;   // before[k]: the state placed[k] ran in
  std::set<std::pair<int, size_t>> ghosted;  // stores whose ghost copy is placed
  Linearized r;
  size_t best = 0;  // ops the furthest order explained
  bool any = false;
  static constexpr size_t kTried = 24;
  // Model steps one repetition may take; past it the search stops undecided (neither verdict).
  static constexpr uint64_t kMaxSteps = 200000;
  size_t omitted = 0;

  const Op& op_of(const Placed& p) const { return threads[p.t][p.i]; }
  const Observation& obs_of(const Placed& p) const { return obs[p.t][p.i]; }
  std::string order_text() const {
    std::string s;
    for (const auto& p : placed) {
      s += (s.empty() ? "" : ", ") + ("t" + std::to_string(p.t) + " " + (p.ghost ? "copy-on-write" : op_kind(op_of(p))));
    }
    return s.empty() ? "(none)" : s;
  }
  void note(size_t depth, const std::string& at, const std::string& why, const std::string& sig) {
    const std::string line = "[" + order_text() + "] then " + at + ": " + why;
    if (r.tried.size() < kTried) r.tried.push_back(line);
    else omitted++;
    if (!any || depth > best) {
      any = true;
      best = depth;
      r.why = "after [" + order_text() + "]: " + at + ": " + why;
      r.signature = sig;
    }
  }
  // Steps op p in state m and judges it: false (noted) if the observation disagrees.
  bool step(Model& m, const Placed& p, bool note_it) {
    const Op& op = op_of(p);
    if (++r.steps > kMaxSteps) {
      r.undecided = true;
      return false;
    }
    if (p.ghost) {
      const auto& w = std::get<WriteOp>(op);
      m.step(MadviseOp{w.h, round_down(w.off, kPage), kPage, MADV_POPULATE_WRITE});
      return true;
    }
    const std::string at = "t" + std::to_string(p.t) + " " + format_op(op);
    if (!m.valid(op)) {
      if (note_it) note(placed.size(), at, "the model cannot follow it in this order", "race: " + op_kind(op) + " out of model");
      return false;
    }
    const Expect e = m.step(op);
    std::string sig;
    if (auto why = judge(op, e, obs_of(p), &sig)) {
      if (note_it) note(placed.size(), at, first_line(*why), sig);
      return false;
    }
    return true;
  }
  bool descend(const Model& m, int t) {
    pos[t]++;
    if (go(m)) return true;
    pos[t]--;
    return false;
  }

  bool go(const Model& m) {
    if (r.undecided) return false;
    bool done = true;
    for (size_t t = 0; t < threads.size(); t++) {
      if (pos[t] >= threads[t].size()) continue;
      done = false;
      const Placed x{static_cast<int>(t), pos[t]};
      Model next = m;
      if (step(next, x, true)) {
        placed.push_back(x);
        before.push_back(m);
        if (descend(next, x.t)) return true;
        placed.pop_back();
        before.pop_back();
      } else {
        r.cut++;
      }
      if (is_access(op_of(x)) && stale(x)) return true;
      // A store into a private mapping that faulted: its fault may have broken copy-on-write
      // while the page was still writable, and the retried store faulted after a layout change
      // took the permission away (the page is the mapping's own copy now, its bytes unchanged).
      // That copy is a step of its own, here; the store's fault comes later.
      if (ghost_copy(x, m) && ghosted.insert({x.t, x.i}).second) {
        Model g = m;
        step(g, Placed{x.t, x.i, true}, false);
        placed.push_back(Placed{x.t, x.i, true});
        before.push_back(m);
        r.stale++;
        if (go(g)) return true;
        placed.pop_back();
        before.pop_back();
        ghosted.erase({x.t, x.i});
      }
    }
    if (!done) return false;
    return finish(m);
  }

  // An access placed back before a layout change another thread still has in flight (none of
  // that thread's later ops placed yet): it reached the old page before the change's second
  // step. It may pass over its own thread's ops other than loads and stores that went through
  // (syscalls and GUP saw the change; a faulting access saw it too); every op after it is judged
  // again.
  bool stale(const Placed& x) {
    // Positions j from the end back: a layout change of another thread in flight at or after j,
    // and no op of x's thread from j on that x may not pass.
    bool layout_after = false;
    for (size_t j = placed.size(); j-- > 0;) {
      const Placed z = placed[j];
      if (z.t == x.t) {
        // Its own thread's syscalls and GUP walks saw the page tables and the file as they
        // are; its own loads and stores that went through used this CPU's translations, which
        // a stale one cannot precede. (An access of a section that faults moves no byte: it
        // stays in one page.)
        const bool direct = !z.ghost && (std::holds_alternative<WriteOp>(op_of(z)) || std::holds_alternative<ReadOp>(op_of(z)));
        if (direct && obs_of(z).out.kind == Outcome::Kind::kOk) return false;
        continue;
      }
      if (!z.ghost && is_layout(op_of(z))) {
        bool in_flight = true;
        for (size_t i = j + 1; i < placed.size(); i++) in_flight &= placed[i].t != z.t;
        layout_after |= in_flight;
      }
      if (!layout_after) continue;
      if (try_at(x, j)) return true;
    }
    return false;
  }
  // x put at position j, every op after it judged again, and the search goes on from there.
  bool try_at(const Placed& x, size_t j) {
    std::vector<Placed> order(placed.begin(), placed.begin() + static_cast<long>(j));
    std::vector<Model> states(before.begin(), before.begin() + static_cast<long>(j));
    Model m = before[j];
    order.push_back(x);
    states.push_back(m);
    bool ok = step(m, x, false);
    for (size_t i = j; ok && i < placed.size(); i++) {
      order.push_back(placed[i]);
      states.push_back(m);
      ok = step(m, placed[i], false);
    }
    if (!ok) {
      r.cut++;
      return false;
    }
    r.stale++;
    std::swap(order, placed);
    std::swap(states, before);
    if (descend(m, x.t)) return true;
    std::swap(order, placed);
    std::swap(states, before);
    return false;
  }
  bool ghost_copy(const Placed& x, const Model& m) const {
    const auto* w = std::get_if<WriteOp>(&op_of(x));
    if (!w || obs_of(x).out.kind != Outcome::Kind::kSig || obs_of(x).out.sig != SIGSEGV) return false;
    const MappingModel* mm = m.mapping(0, w->h);
    return mm && !mm->shared && mm->obj >= 0;
  }

  bool finish(const Model& m) {
    r.orders++;
    Model next = m;
    for (size_t i = 0; i < reads.size(); i++) {
      const std::string at = "final read " + format_op(reads[i]);
      if (!next.valid(reads[i])) {
        note(total + i, at, "the model cannot follow it", "race: final read out of model");
        return false;
      }
      const Expect e = next.step(reads[i]);
      std::string sig;
      if (i >= read_obs.size()) {
        note(total + i, at, "no outcome", "race: final read missing");
        return false;
      }
      if (auto why = judge(reads[i], e, read_obs[i], &sig)) {
        note(total + i, at, first_line(*why), sig);
        return false;
      }
    }
    r.ok = true;
    for (const auto& p : placed) {
      if (!p.ghost) r.order.push_back(p.t);
    }
    return true;
  }

  static std::string first_line(const std::string& s) {
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
  }
};

// Every order of a section's ops that linearize may accept, and some it may not: each thread's
// ops in program order, except that an access may come before its own thread's earlier ops
// when another thread changes the layout (linearize's stale access, without its conditions);
// a private store's copy-on-write step (linearize's ghost) anywhere, or nowhere.
struct WorldSearch {
  const RaceCase& rc;
  RaceWorlds& w;
  size_t max_worlds;
  std::vector<size_t> first;                  // each thread's first op in w.ops
  std::vector<bool> early;                    // a thread whose accesses may come early
  std::vector<const WriteOp*> ghosts;         // stores into a private file mapping
  std::vector<std::vector<bool>> placed;
  std::vector<bool> ghost_done;
  std::vector<int> cur;
  std::set<std::vector<int>> seen;
  size_t left = 0;
  uint64_t steps = 0;
  static constexpr uint64_t kMaxSteps = 400000;

  int intern(size_t at, Expect e) {
    auto& a = w.alts[at];
    for (size_t i = 0; i < a.size(); i++) {
      if (a[i] == e) return static_cast<int>(i);
    }
    a.push_back(std::move(e));
    return static_cast<int>(a.size() - 1);
  }
  bool eligible(size_t t, size_t i) const {
    if (placed[t][i]) return false;
    if (early[t] && is_access(rc.threads[t][i])) return true;
    for (size_t j = 0; j < i; j++) {
      if (!placed[t][j]) return false;
    }
    return true;
  }
  bool budget() {
    if (++steps <= kMaxSteps) return true;
    w.why = "more than " + std::to_string(kMaxSteps) + " model steps to enumerate its orders";
    return false;
  }
  // false: gave up (w.why says why).
  bool go(const Model& m) {
    if (left == 0) return leaf(m);
    for (size_t t = 0; t < rc.threads.size(); t++) {
      for (size_t i = 0; i < rc.threads[t].size(); i++) {
        if (!eligible(t, i)) continue;
        if (!budget()) return false;
        const Op& op = rc.threads[t][i];
        if (!m.valid(op)) continue;  // the model cannot follow it in this order: not an order
        Model next = m;
        cur[first[t] + i] = intern(first[t] + i, next.step(op));
        placed[t][i] = true;
        left--;
        const bool ok = go(next);
        placed[t][i] = false;
        left++;
        if (!ok) return false;
      }
    }
    for (size_t g = 0; g < ghosts.size(); g++) {
      if (ghost_done[g]) continue;
      if (!budget()) return false;
      Model next = m;
      next.step(MadviseOp{ghosts[g]->h, round_down(ghosts[g]->off, kPage), kPage, MADV_POPULATE_WRITE});
      ghost_done[g] = true;
      const bool ok = go(next);
      ghost_done[g] = false;
      if (!ok) return false;
    }
    return true;
  }
  bool leaf(const Model& m) {
    Model next = m;
    const size_t base = w.ops.size() - rc.final_reads.size();
    for (size_t i = 0; i < rc.final_reads.size(); i++) {
      if (!budget()) return false;
      if (!next.valid(rc.final_reads[i])) return true;  // not an order linearize finishes
      cur[base + i] = intern(base + i, next.step(rc.final_reads[i]));
    }
    w.orders++;
    seen.insert(cur);
    if (seen.size() <= max_worlds) return true;
    w.why = "more than " + std::to_string(max_worlds) + " different outcomes a correct kernel may show";
    return false;
  }
};

}  // namespace

std::string section_name(const std::vector<std::vector<Op>>& threads) {
  std::vector<std::string> kinds;
  for (const auto& t : threads) {
    std::vector<std::string> ks;
    for (const auto& op : t) ks.push_back(op_signature(op));
    kinds.push_back(join(ks, ", "));
  }
  return "a parallel section (" + join(kinds, " | ") + ")";
}

namespace {
// The repetition (1-based) whose parallel section the op index `at` (kmsg_op) falls in; 0 for
// the prefix, the final reads, the teardown or no marker.
int section_rep(const RaceCase& rc, int at) {
  const size_t per = race_rep_ops(rc).size();
  if (at < 0 || per == 0) return 0;
  const size_t in = static_cast<size_t>(at) % per;
  if (in < rc.prefix.size() || in + rc.final_reads.size() >= per) return 0;
  return at / static_cast<int>(per) + 1;
}
}  // namespace

std::string race_kmsg_signature(const std::vector<std::string>& lines, const RaceCase& rc) {
  if (section_rep(rc, kmsg_op(lines)) == 0) return kmsg_signature(lines, race_all_ops(rc));
  const std::string title = kmsg_title(lines);
  return title.empty() ? title : title + " during a parallel section";
}

std::string race_kmsg_note(const std::vector<std::string>& lines, const RaceCase& rc) {
  const int rep = section_rep(rc, kmsg_op(lines));
  const std::vector<std::string> bad = KmsgCursor::bad_of(lines);
  if (rep == 0 || bad.empty()) return kmsg_note(lines, race_all_ops(rc));
  return "\n(the kernel logged \"" + bad[0] + "\" during repetition " + std::to_string(rep) + "'s " +
         section_name(rc.threads) + ")";
}

bool race_op_ok(const Op& op) {
  return std::visit(
      [](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, WriteOp> || std::is_same_v<T, ReadOp>) return o.proc == 0;
        if constexpr (std::is_same_v<T, PinOp>) return !o.io_uring() && !o.odirect();
        return std::is_same_v<T, UnmapOp> || std::is_same_v<T, MprotectOp> ||
               std::is_same_v<T, MadviseOp> || std::is_same_v<T, MsyncOp> ||
               std::is_same_v<T, SysWriteOp> || std::is_same_v<T, SysReadOp> ||
               std::is_same_v<T, TruncateOp> || std::is_same_v<T, PunchHoleOp>;
      },
      op);
}

std::vector<Op> race_final_reads(const Model& m, const std::vector<std::vector<Op>>& threads) {
  std::set<std::pair<int, uint64_t>> maps;
  std::set<uint64_t> obj;
  for (const auto& ops : threads) {
    for (const auto& op : ops) touched(op, m.traits().unit, maps, obj);
  }
  // A page of a file mapping is that page of the object: every view of it is read.
  for (const auto& [h, p] : maps) {
    const MappingModel* mm = m.mapping(0, h);
    if (mm && mm->obj >= 0 && p < mm->pages.size()) obj.insert(mm->off / kPage + p);
  }
  std::vector<Op> reads;
  const size_t cap = 24;
  for (const auto& [h, mm] : m.procs()[0].maps) {
    for (uint64_t p = 0; p < mm.pages.size() && reads.size() < cap; p++) {
      const bool file_page = mm.obj >= 0 && obj.count(mm.off / kPage + p);
      if (maps.count({h, p}) || file_page) reads.push_back(ReadOp{0, h, p * kPage, kPage});
    }
  }
  if (m.has_file() && m.traits().sys_read) {
    for (uint64_t p : obj) {
      if (reads.size() >= cap) break;
      reads.push_back(SysReadOp{p * kPage, kPage});
    }
  }
  return reads;
}

std::vector<Op> race_rep_ops(const RaceCase& rc) {
  std::vector<Op> ops = rc.prefix;
  for (const auto& t : rc.threads) ops.insert(ops.end(), t.begin(), t.end());
  ops.insert(ops.end(), rc.final_reads.begin(), rc.final_reads.end());
  return ops;
}

std::vector<Op> race_all_ops(const RaceCase& rc) {
  const std::vector<Op> one = race_rep_ops(rc);
  std::vector<Op> all;
  all.reserve(one.size() * static_cast<size_t>(rc.reps));
  for (int r = 0; r < rc.reps; r++) all.insert(all.end(), one.begin(), one.end());
  return all;
}

std::string race_fit(const BackingTraits& traits, RaceCase& rc) {
  Model m(traits);
  for (size_t i = 0; i < rc.prefix.size(); i++) {
    if (!m.valid(rc.prefix[i])) {
      return "op " + std::to_string(i + 1) + " (" + format_op(rc.prefix[i]) + ") does not fit the ops before it";
    }
    m.step(rc.prefix[i]);
  }
  for (size_t k = 0; k < rc.threads.size(); k++) {
    for (const auto& op : rc.threads[k]) {
      if (!race_op_ok(op)) return "t" + std::to_string(k) + " " + format_op(op) + ": not an op a parallel section runs";
      if (!m.valid(op)) return "t" + std::to_string(k) + " " + format_op(op) + ": does not fit the ops before the section";
    }
  }
  rc.final_reads = race_final_reads(m, rc.threads);
  return "";
}

std::variant<RaceCase, std::string> race_case_of(const BackingTraits& traits, const Trace& t) {
  RaceCase rc;
  rc.reps = t.race.reps;
  for (const auto& l : t.lines) rc.prefix.push_back(l.op);
  for (const auto& th : t.race.threads) {
    rc.threads.emplace_back();
    for (const auto& l : th) rc.threads.back().push_back(l.op);
  }
  if (std::string why = race_fit(traits, rc); !why.empty()) return why;
  return rc;
}

Linearized linearize(const Model& start, const std::vector<std::vector<Op>>& threads,
                     const std::vector<std::vector<Observation>>& obs,
                     const std::vector<Op>& final_reads, const std::vector<Observation>& final_obs) {
  Search s{threads, obs, final_reads, final_obs};
  s.pos.assign(threads.size(), 0);
  for (const auto& t : threads) s.total += t.size();
  s.go(start);
  if (s.omitted) s.r.tried.push_back("(" + std::to_string(s.omitted) + " more)");
  return s.r;
}

RaceWorlds race_worlds(const BackingTraits& traits, const RaceCase& rc, size_t max_worlds) {
  RaceWorlds w;
  Model start(traits);
  for (const auto& op : rc.prefix) start.step(op);
  WorldSearch s{rc, w, max_worlds};
  for (size_t t = 0; t < rc.threads.size(); t++) {
    s.first.push_back(w.ops.size());
    s.placed.emplace_back(rc.threads[t].size(), false);
    s.left += rc.threads[t].size();
    bool others_layout = false;
    for (size_t u = 0; u < rc.threads.size(); u++) {
      for (const auto& op : rc.threads[u]) others_layout |= u != t && is_layout(op);
    }
    s.early.push_back(others_layout);
    for (const auto& op : rc.threads[t]) {
      w.ops.push_back(op);
      const auto* st = std::get_if<WriteOp>(&op);
      const MappingModel* mm = st ? start.mapping(0, st->h) : nullptr;
      if (mm && !mm->shared && mm->obj >= 0) s.ghosts.push_back(st);
    }
  }
  w.ops.insert(w.ops.end(), rc.final_reads.begin(), rc.final_reads.end());
  w.alts.resize(w.ops.size());
  s.cur.assign(w.ops.size(), -1);
  s.ghost_done.assign(s.ghosts.size(), false);
  if (!s.go(start)) {
    w.worlds.clear();
    return w;
  }
  w.worlds.assign(s.seen.begin(), s.seen.end());
  if (w.worlds.empty()) w.why = "no order of its ops fits the model";
  return w;
}

RaceVerdict judge_race(const BackingTraits& traits, const RaceCase& rc,
                       const std::vector<Observation>& obs) {
  RaceVerdict v;
  const size_t per = race_rep_ops(rc).size();
  Model start(traits);  // the state every repetition's section starts from
  for (const auto& op : rc.prefix) start.step(op);
  for (int rep = 0; rep < rc.reps; rep++) {
    const size_t base = static_cast<size_t>(rep) * per;
    if (base >= obs.size()) break;
    // Every repetition starts on a fresh object: the same prefix, the same outcomes due.
    Model m(traits);
    for (size_t i = 0; i < rc.prefix.size() && base + i < obs.size(); i++) {
      Expect e = m.step(rc.prefix[i]);
      std::string sig;
      if (auto why = judge(rc.prefix[i], e, obs[base + i], &sig); why && v.ok) {
        v.ok = false;
        v.rep = rep;
        v.index = base + i;
        v.message = rep == 0 ? *why : "repetition " + std::to_string(rep + 1) + ": " + *why;
        v.signature = sig;
        v.expected = e.out;
        return v;
      }
    }
    if (base + per > obs.size()) break;  // the case ended in this repetition's section
    std::vector<std::vector<Observation>> seen;
    size_t at = base + rc.prefix.size();
    for (const auto& t : rc.threads) {
      seen.emplace_back(obs.begin() + static_cast<long>(at), obs.begin() + static_cast<long>(at + t.size()));
      at += t.size();
    }
    const std::vector<Observation> reads(obs.begin() + static_cast<long>(at), obs.begin() + static_cast<long>(base + per));
    Linearized l = linearize(start, rc.threads, seen, rc.final_reads, reads);
    v.orders += l.orders;
    v.cut += l.cut;
    v.stale += l.stale;
    if (l.undecided) {
      v.undecided_reps++;
      continue;
    }
    v.reps_judged++;
    if (!l.ok) v.failed_reps++;
    if (!l.ok && v.ok) {
      v.ok = false;
      v.rep = rep;
      v.in_section = true;
      v.index = base + rc.prefix.size();
      v.signature = "race: " + (l.signature.empty() ? std::string("no order explains it") : l.signature);
      std::string what;
      for (size_t k = 0; k < rc.threads.size(); k++) {
        v.section_seen.emplace_back();
        for (size_t i = 0; i < rc.threads[k].size(); i++) {
          v.section_seen.back().push_back(seen[k][i].out);
          what += "\n  t" + std::to_string(k) + " " + format_op(rc.threads[k][i]) + "  => " +
                  format_outcome(seen[k][i].out);
        }
      }
      v.message = "repetition " + std::to_string(rep + 1) + " of " + std::to_string(rc.reps) +
                  ": no order of the parallel section's ops explains what the threads observed (" +
                  std::to_string(l.orders) + " complete orders tried, " + std::to_string(l.cut) +
                  " cut short by an outcome); the furthest: " + l.why + "\nthe threads observed:" +
                  what + "\norders the model tried:";
      for (const auto& line : l.tried) v.message += "\n  " + line;
    }
  }
  return v;
}

}  // namespace daxprop
