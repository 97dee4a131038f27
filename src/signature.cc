#include "src/signature.h"

#include <regex>

#include "src/kmsg.h"

namespace daxprop {

namespace {

// "[   12.345678] " (console) and "[  T123] " (CONFIG_PRINTK_CALLER) stamps, a console's \r.
std::string unstamp(std::string l) {
  static const std::regex stamp(R"(^(\s*\[\s*[0-9]+\.[0-9]+\])?(\s*\[\s*[TC][0-9]+\])?\s*)");
  while (!l.empty() && (l.back() == '\r' || l.back() == '\n')) l.pop_back();
  return std::regex_replace(l, stamp, "", std::regex_constants::format_first_only);
}

// Values that differ from run to run: code offsets, addresses, pfns, pids, cpus, counts.
std::string strip_values(std::string s) {
  static const std::vector<std::pair<std::regex, std::string>> rules = {
      {std::regex(R"(\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+)"), ""},
      {std::regex(R"(\s*\[[a-z0-9_]+\]$)"), ""},  // module name after a symbol
      {std::regex(R"(\bCPU: ?[0-9]+)"), "CPU"},
      {std::regex(R"(\bPID: ?[0-9]+)"), "PID"},
      {std::regex(R"(\bCPU#[0-9]+)"), "CPU#"},
      {std::regex(R"(\bpfn:?\s*0x[0-9a-fA-F]+)"), "pfn"},
      {std::regex(R"(\b0x[0-9a-fA-F]+)"), "X"},
      {std::regex(R"(\b[0-9a-fA-F]{8,}\b)"), "X"},
      {std::regex(R"(\b[0-9]+(s|ms)\b)"), "N$1"},
      {std::regex(R"(\[(daxprop|repro|kworker)[^\]]*\])"), ""},
      {std::regex(R"(\s+)"), " "},
  };
  for (const auto& [re, with] : rules) s = std::regex_replace(s, re, with);
  return trim(s);
}

// The function a report's RIP line names (kernel mode: "RIP: 0010:__split_huge_pmd+0x1f/0x90").
std::string rip_function(const std::vector<std::string>& lines, size_t from) {
  static const std::regex rip(R"(RIP: 0010:([A-Za-z0-9_.]+)\+0x)");
  for (size_t i = from; i < lines.size() && i < from + 80; i++) {
    std::smatch m;
    std::string l = unstamp(lines[i]);
    if (std::regex_search(l, m, rip)) return m[1];
  }
  return "";
}

}  // namespace

std::string kmsg_title(const std::vector<std::string>& lines) {
  static const std::regex warn_at(R"(WARNING: .*\bat (\S+:[0-9]+) ([A-Za-z0-9_.]+))");
  static const std::regex warn_file(R"(WARNING: (\S+\.[ch]:[0-9]+) ([A-Za-z0-9_.]+))");
  static const std::regex bad_pxd(R"((\S+\.[ch]:[0-9]+): bad (pte|pmd|pud|p4d|pgd)\b)");
  static const std::regex kbug(R"(kernel BUG at (\S+:[0-9]+)!?)");
  static const std::regex ubsan(R"(UBSAN: ([A-Za-z0-9_-]+) in (\S+?:[0-9]+)(:[0-9]+)?)");
  static const std::regex bug_in(R"((BUG: [^:]*?)( for address| at address|:|$))");
  // Debug kernels, syzbot's way: "KASAN: slab-use-after-free Read in f", "KFENCE: ...",
  // "possible circular locking dependency detected", "INFO: task hung", "INFO: rcu detected stall".
  static const std::regex sanitizer(R"(BUG: (KASAN|KFENCE|KMSAN|KCSAN): ([A-Za-z0-9_ -]+?) in ([A-Za-z0-9_.]+))");
  static const std::regex hung(R"(INFO: task .* blocked for more than)");
  static const std::regex stall(R"(rcu: INFO: .*(detected stalls on CPUs|self-detected stall on CPU))");
  static const std::regex gpf(R"(general protection fault)");
  static const std::regex oops(R"(^Oops: )");
  static const std::regex panic(R"(Kernel panic - not syncing: (.*))");
  // "[comm:pid]" of the task a report names (soft lockups, hung tasks).
  static const std::regex task(R"(\s*\[[A-Za-z0-9_./-]+:[0-9]+\])");
  for (size_t i = 0; i < lines.size(); i++) {
    const std::string l = std::regex_replace(unstamp(lines[i]), task, "");
    std::smatch m;
    auto in_rip = [&](const std::string& what) {
      std::string fn = rip_function(lines, i);
      return fn.empty() ? what : what + " in " + fn;
    };
    if (std::regex_search(l, m, sanitizer)) {
      std::string fn = m[3].str();
      fn = fn.substr(0, fn.find('+'));
      return m[1].str() + ": " + m[2].str() + " in " + fn;
    }
    if (std::regex_search(l, hung)) return in_rip("INFO: task hung");
    if (std::regex_search(l, stall)) return in_rip("INFO: rcu detected stall");
    if (std::regex_search(l, m, warn_at) || std::regex_search(l, m, warn_file)) {
      return "WARNING in " + m[2].str();
    }
    if (l.find("WARNING:") != std::string::npos) {
      return strip_values(l.substr(l.find("WARNING:")));
    }
    if (std::regex_search(l, m, bad_pxd)) return "bad " + m[2].str() + " in " + m[1].str();
    if (std::regex_search(l, m, kbug)) {
      std::string fn = rip_function(lines, i);
      return fn.empty() ? "kernel BUG at " + m[1].str() : "kernel BUG in " + fn;
    }
    if (std::regex_search(l, m, ubsan)) return "UBSAN: " + m[1].str() + " in " + m[2].str();
    if (l.find("list_del corruption") != std::string::npos) return "list_del corruption";
    if (l.find("list_add corruption") != std::string::npos) return "list_add corruption";
    if (l.find("Bad page map") != std::string::npos) return "BUG: Bad page map";
    if (l.find("Bad page state") != std::string::npos) return "BUG: Bad page state";
    if (std::regex_search(l, gpf)) return in_rip("general protection fault");
    if (l.find("BUG: ") != std::string::npos && std::regex_search(l, m, bug_in)) {
      return in_rip(strip_values(m[1].str()));
    }
    if (std::regex_search(l, oops)) return in_rip("Oops");
    if (std::regex_search(l, m, panic)) return "Kernel panic - not syncing: " + strip_values(m[1]);
  }
  // A line the health check calls bad that has no report shape of its own.
  for (const auto& raw : lines) {
    const std::string l = unstamp(raw);
    if (KmsgCursor::is_bad(l)) return strip_values(l);
  }
  return "";
}

std::string op_signature(const Op& op) {
  if (const auto* p = std::get_if<PinOp>(&op)) return "pin via=" + pin_via_name(p->via);
  return op_kind(op);
}

std::string outcome_signature(const Outcome& o) {
  std::string s;
  switch (o.kind) {
    case Outcome::Kind::kOk: s = "ok"; break;
    case Outcome::Kind::kErr: s = errno_name(o.err); break;
    case Outcome::Kind::kSig: s = signal_name(o.sig) + " " + sicode_name(o.sig, o.code); break;
  }
  if (o.mmio) s += " (MMIO exit)";
  if (o.held) s += " held";
  return s;
}

std::string hang_signature(const Op& op) { return "hang in " + op_signature(op); }

std::string kmsg_note(const std::vector<std::string>& lines, const std::vector<Op>& ops) {
  const std::vector<std::string> bad = KmsgCursor::bad_of(lines);
  if (bad.empty()) return "";
  std::vector<std::string> names;
  for (const auto& op : ops) names.push_back(format_op(op));
  const std::string where = kmsg_where(lines, names);
  return where.empty() ? "" : "\n(the kernel logged \"" + bad[0] + "\" " + where + ")";
}

std::string kmsg_signature(const std::vector<std::string>& lines, const std::vector<Op>& ops) {
  const std::string title = kmsg_title(lines);
  if (title.empty()) return title;
  const int at = kmsg_op(lines);
  if (at == kTeardownOp) return title + " during teardown";
  if (at >= 0 && static_cast<size_t>(at) < ops.size()) return title + " during " + op_signature(ops[at]);
  return title;
}

std::string crash_signature(const Op& op, const std::string& how) {
  return "crash in " + op_signature(op) + " (" + how + ")";
}

}  // namespace daxprop
