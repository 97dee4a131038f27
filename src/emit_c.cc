#include "src/emit_c.h"

#include <sstream>

#include "c_text.h"
#include "src/oracle.h"
#include "src/race.h"
#include "src/rt/rt.h"

namespace daxprop {

std::vector<Expect> expectations(const BackingTraits& traits, const std::vector<Op>& ops) {
  Model m(traits);
  std::vector<Expect> out;
  out.reserve(ops.size());
  for (const auto& op : ops) out.push_back(m.step(op));
  return out;
}

namespace {

std::string c_str(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c == '\n' ? ' ' : c;
  }
  return o + "\"";
}

// Reads larger than this are checked by a CRC per 4 KiB block, not byte by byte.
constexpr size_t kLiteralMax = 256 * 1024;

// The bytes of a read the model does not vouch for, as [from, to) pairs.
std::vector<uint64_t> unknown_ranges(const Expect& e) {
  std::vector<uint64_t> r;
  for (size_t i = 0; i < e.known.size(); i++) {
    if (e.known[i]) continue;
    if (r.empty() || r.back() != i) {
      r.push_back(i);
      r.push_back(i + 1);
    } else {
      r.back() = i + 1;
    }
  }
  return r;
}

// A struct initializer of the fields that are not zero: `.name = value`.
class Fields {
 public:
  template <class T>
  Fields& add(const char* name, T v) {
    if (v) parts_.push_back(std::string(".") + name + " = " + value(v));
    return *this;
  }
  Fields& raw(const char* name, const std::string& v) {
    parts_.push_back(std::string(".") + name + " = " + v);
    return *this;
  }
  std::string str() const { return "{" + join(parts_, ", ") + "}"; }

 private:
  template <class T>
  static std::string value(T v) {
    if constexpr (std::is_same_v<T, bool>) {
      return "1";
    } else if constexpr (std::is_signed_v<T>) {
      return std::to_string(v);
    } else {
      return hex(static_cast<uint64_t>(v)) + (sizeof(T) > 4 ? "ULL" : "U");
    }
  }
  std::vector<std::string> parts_;
};

std::string op_init(const rt_op& r) {
  Fields f;
  f.raw("kind", rt_kind_names[r.kind]);
  f.add("proc", r.proc).add("h", r.h).add("slot", r.slot).add("prot", r.prot).add("arg", r.arg);
  f.add("flags", r.flags).add("pat", r.pat).add("off", r.off).add("len", r.len).add("a", r.a);
  f.add("b", r.b);
  return f.str();
}

// The arrays an expectation points to, named by the op's index k.
void emit_arrays(std::ostringstream& os, size_t k, const Expect& e) {
  if (!e.must_dirty.empty()) {
    os << "static const uint64_t dirty" << k << "[] = {";
    for (size_t i = 0; i < e.must_dirty.size(); i++) os << (i ? ", " : "") << e.must_dirty[i];
    os << "};\n";
  }
  if (!e.faults.empty()) {
    os << "static const struct rt_fbound bounds" << k << "[] = {\n";
    for (const rt_fbound& b : rt_bounds_of(e)) {
      os << "  {" << b.first << ", " << b.n << ", " << b.min << "U, " << b.max << "U, " << c_str(b.why)
         << "},\n";
    }
    os << "};\n";
  }
  if (e.data.size() > kLiteralMax) {
    // Megabytes as literal bytes would make a reproducer too big to compile: a CRC per block.
    std::vector<uint8_t> masked = e.data;
    const std::vector<uint64_t> unknown = unknown_ranges(e);
    for (size_t j = 0; j < unknown.size(); j += 2) {
      std::fill(masked.begin() + static_cast<ptrdiff_t>(unknown[j]),
                masked.begin() + static_cast<ptrdiff_t>(unknown[j + 1]), 0);
    }
    os << "static const uint32_t crcs" << k << "[] = {";
    for (size_t b = 0; b * 4096 < masked.size(); b++) {
      const size_t n = std::min<size_t>(4096, masked.size() - b * 4096);
      os << (b % 8 == 0 ? "\n  " : " ") << "0x" << std::hex
         << crc32(std::span<const uint8_t>(masked.data() + b * 4096, n)) << std::dec << ",";
    }
    os << "\n};\nstatic const uint64_t unknown" << k << "[] = {0";
    for (uint64_t u : unknown) os << ", " << u;
    os << "};\n";
  } else if (!e.data.empty()) {
    os << "static const uint8_t want" << k << "[] = {";
    for (size_t i = 0; i < e.data.size(); i++) {
      os << (i % 24 == 0 ? "\n  " : "") << static_cast<int>(e.data[i]) << ",";
    }
    os << "\n};\n";
    if (e.known.size() == e.data.size()) {
      os << "static const uint8_t known" << k << "[] = {";
      for (size_t i = 0; i < e.known.size(); i++) {
        os << (i % 40 == 0 ? "\n  " : "") << (e.known[i] ? 1 : 0) << ",";
      }
      os << "\n};\n";
    }
  }
}

// The expectation as an initializer of struct rt_expect (the fields rt_check reads).
std::string expect_init(size_t k, const Expect& e) {
  const Outcome& o = e.out;
  const std::string n = std::to_string(k);
  Fields f;
  static const char* const kKinds[] = {"RT_OK", "RT_ERR", "RT_SIG"};
  f.raw("kind", kKinds[static_cast<int>(o.kind)]);
  f.add("err", o.err).add("sig", o.sig).add("code", o.code).add("lsb", o.lsb);
  f.add("fault_off", o.fault_off).add("has_n", o.n.has_value()).add("n", o.n.value_or(0));
  f.add("has_mmio", o.mmio.has_value()).add("mmio", o.mmio.value_or(0)).add("held", o.held);
  f.add("any_off", e.any_fault_off);
  if (e.data.size() > kLiteralMax) {
    f.raw("block_crc", "crcs" + n).raw("unknown", "unknown" + n + " + 1");
    f.add("n_unknown", static_cast<int>(unknown_ranges(e).size() / 2));
  } else if (!e.data.empty()) {
    f.raw("data", "want" + n);
    if (e.known.size() == e.data.size()) f.raw("known", "known" + n);
  }
  f.add("data_len", static_cast<uint64_t>(e.data.size()));
  f.raw("units", std::to_string(e.units));
  if (!e.faults.empty()) f.raw("bounds", "bounds" + n).add("n_bounds", static_cast<int>(e.faults.size()));
  f.add("kvm_min_2m", e.kvm_min_2m).add("kvm_min_1g", e.kvm_min_1g).add("kvm_stop", e.kvm_stop);
  if (e.alt_errs[0]) {
    f.raw("alt_err", "{" + std::to_string(e.alt_errs[0]) + ", " + std::to_string(e.alt_errs[1]) + "}");
  }
  if (!e.must_dirty.empty()) {
    f.raw("must_dirty", "dirty" + n).add("n_must", static_cast<int>(e.must_dirty.size()));
  }
  f.add("slot_pages", e.slot_pages);
  return f.str();
}

// The program: its comment, the runtime, the ops (`ops`: the trace's, a racing trace's section
// and final reads after them), the expectations of the first expected.size() ops, and `race`
// (the rt_race's initializer and the arrays it points to; empty for a sequential trace).
std::string emit_program(const Trace& trace, const BackingTraits& traits, const CSetup& setup,
                         const std::vector<Op>& all, const std::vector<Expect>& expected,
                         const std::string& race_note, const std::string& race) {
  std::vector<rt_op> ops;
  int features = 0;
  for (const auto& op : all) {
    ops.push_back(lower(op));
    features |= rt_op_features(&ops.back());
  }
  const bool kvm = features & RT_F_KVM, odirect = features & RT_F_ODIRECT,
             gup = features & RT_F_GUP, hold = features & RT_F_HOLD;
  const bool uring = gup || odirect || hold;
  std::ostringstream os;
  os << "/* daxprop reproducer (generated; needs no daxprop to build or run).\n"
     << " * property " << trace.header.property << " on backing " << trace.header.backing
     << ", recorded on kernel " << trace.header.kernel << ", seed " << trace.header.seed
     << ".\n * build: cc -O1 -o repro repro.c" << (uring ? " -luring" : "") << "    run: ./repro"
     << (setup.manual_step.empty() ? "" : " ARGS") << "\n"
     << (setup.manual_step.empty() ? "" : " * before running: " + setup.manual_step + "\n")
     << (hold ? " * needs: root, and the loop, dm_mod and dm_delay modules (a read is held in flight by a\n"
                " * dm-delay device over a loop device: src/inflight.c); exits 125 without them.\n"
              : "")
     << " * Exit status (ready for git bisect run): 0 and \"OK\" when this kernel does what the trace\n"
     << " * says a correct kernel does; 1 and \"REPRO: ...\" when it does not: an op's outcome, a\n"
     << " * kernel-log report, or a hang (an op still running after REPRO_TIMEOUT seconds, default\n"
     << " * " << kReproTimeoutS << ": \"REPRO: hang in op N\"); 125 and \"SETUP: ...\" when it cannot set itself up\n"
     << " * here (no device, module or privilege): bisect skips that kernel.\n" << race_note
     << " * The program is daxprop's own runtime (src/rt/ and the helpers it uses: the same code\n"
     << " * that ran the trace in the suite) followed by the trace as data, at the end.\n *\n"
     << " * The trace:\n";
  const std::string text = format_trace(trace);
  const size_t body = text.find("---\n");
  for (const auto& l : split(text.substr(body == std::string::npos ? 0 : body + 4), '\n')) {
    if (!l.empty()) os << " *   " << l << "\n";
  }
  os << " */\n#define _GNU_SOURCE\n"
     << (kvm ? "" : "#define RT_NO_KVM\n") << (odirect ? "" : "#define RT_NO_ODIRECT\n")
     << (gup ? "" : "#define RT_NO_GUP\n") << (hold ? "" : "#define RT_NO_HOLD\n") << "\n";
  // The runtime, file by file, in the order they need each other.
  os << k_rt_rt_h << k_rt_rt_repro_h << k_rt_rt_data_c << k_rt_rt_guard_c << k_rt_rt_kmsg_c;
  if (kvm) os << k_kvm_guest_h << k_kvm_guest_c;
  if (odirect || hold) os << k_odirect_h << k_odirect_c;
  if (gup) os << k_gup_copy_h << k_gup_copy_c;
  if (hold) os << k_inflight_h << k_inflight_c;
  os << k_rt_rt_exec_c << k_rt_rt_check_c << k_stacks_h << k_stacks_c << k_rt_rt_repro_c
     << k_rt_rt_setup_c;

  os << "\n/* ---- The trace: its ops, as the runtime carries them out ---- */\n"
     << "static const struct rt_op ops[] = {\n";
  for (size_t k = 0; k < ops.size(); k++) {
    os << "  /* " << k + 1 << " " << format_op(all[k]) << " */\n  " << op_init(ops[k]) << ",\n";
  }
  if (ops.empty()) os << "  {0}\n";
  os << "};\nstatic const char *const names[] = {\n";
  for (const auto& op : all) os << "  " << c_str(format_op(op)) << ",\n";
  os << "  NULL};\n\n/* What a correct kernel does in each (daxprop's model). */\n";
  for (size_t k = 0; k < expected.size(); k++) emit_arrays(os, k, expected[k]);
  os << "static const struct rt_expect expected[] = {\n";
  for (size_t k = 0; k < expected.size(); k++) os << "  " << expect_init(k, expected[k]) << ",\n";
  if (expected.empty()) os << "  {0}\n";
  os << "};\n" << race << "\n/* The object (none: anonymous memory). */\n"
     << "static int setup(struct rt_ctx *c, int argc, char **argv) {\n  (void)c;\n  (void)argc;\n"
     << "  (void)argv;\n" << (setup.code.empty() ? "  return 0;\n" : setup.code) << "}\n\n"
     << "static const struct rt_trace trace = {"
     << (race.empty() ? std::min(all.size(), expected.size()) : all.size()) << ", ops, expected, names, "
     << hex(traits.unit) << "ULL, " << kReproTimeoutS << ", setup" << (race.empty() ? "" : ", &race")
     << "};\n\n"
     << "int main(int argc, char **argv) { return rt_repro_main(&trace, argc, argv); }\n";
  return os.str();
}

}  // namespace

std::string emit_c(const Trace& trace, const BackingTraits& traits, const CSetup& setup,
                   const std::vector<Expect>& expected) {
  std::vector<Op> ops;
  for (const auto& l : trace.lines) ops.push_back(l.op);
  return emit_program(trace, traits, setup, ops, expected, "", "");
}

std::variant<std::string, RaceCError> emit_race_c(const Trace& trace, const BackingTraits& traits,
                                                  const CSetup& setup) {
  auto parsed = race_case_of(traits, trace);
  if (auto* why = std::get_if<std::string>(&parsed)) return RaceCError{*why};
  const RaceCase& rc = std::get<RaceCase>(parsed);
  const RaceWorlds w = race_worlds(traits, rc);
  if (!w.why.empty()) return RaceCError{"its section has " + w.why};
  // The worlds' expectations, each once, numbered after the case's ops.
  std::ostringstream os;
  std::vector<size_t> base;
  size_t n_alts = 0;
  for (const auto& a : w.alts) {
    base.push_back(n_alts);
    n_alts += a.size();
  }
  const size_t k0 = rc.prefix.size();
  for (size_t at = 0; at < w.alts.size(); at++) {
    for (size_t j = 0; j < w.alts[at].size(); j++) emit_arrays(os, k0 + base[at] + j, w.alts[at][j]);
  }
  os << "/* What a correct kernel may show in the section and the final reads: each op's outcomes\n"
     << " * in some order of the section's ops (" << w.orders << " orders, " << w.worlds.size()
     << " different worlds). */\nstatic const struct rt_expect alts[] = {\n";
  for (size_t at = 0; at < w.alts.size(); at++) {
    for (size_t j = 0; j < w.alts[at].size(); j++) {
      os << "  /* " << at + 1 << "." << j + 1 << " */ " << expect_init(k0 + base[at] + j, w.alts[at][j]) << ",\n";
    }
  }
  os << "};\nstatic const int worlds[] = {";
  for (const auto& row : w.worlds) {
    os << "\n ";
    for (size_t at = 0; at < row.size(); at++) os << " " << base[at] + static_cast<size_t>(row[at]) << ",";
  }
  os << "\n};\nstatic const int thread_len[] = {";
  for (const auto& t : rc.threads) os << t.size() << ", ";
  os << "};\nstatic const struct rt_race race = {" << rc.prefix.size() << ", " << rc.threads.size()
     << ", thread_len, " << rc.final_reads.size() << ", " << rc.reps << ", alts, " << w.worlds.size()
     << ", worlds, " << c_str(section_name(rc.threads).substr(std::string("a parallel section ").size()))
     << "};\n";
  const std::string note =
      " * A racing trace: each of its " + std::to_string(rc.reps) +
      " repetitions (REPRO_REPS overrides) runs the case's ops on a\n"
      " * fresh object, then the section's threads released together, then reads back what they\n"
      " * left; a repetition that no order of the section's ops explains (checked against what a\n"
      " * correct kernel shows for each order) counts. It ends \"reproduced k/N\" (exit 1 if k > 0).\n";
  return emit_program(trace, traits, setup, race_rep_ops(rc), expectations(traits, rc.prefix), note, os.str());
}

}  // namespace daxprop
