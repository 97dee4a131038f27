// daxprop bugreport FAILURE_DIR: a plain-text report of one finding, in the form the kernel's
// lists expect (a subject naming the subsystem and the symptom, the kernel and its config, what
// a correct kernel does and where its source says so, what happened, the kernel's own report,
// the minimal trace, the reproducer and how often it reproduced, who to send it to).
//
// FAILURE_DIR is a run's failures/<test>/ (trace.min.txt, result.json, repro.c, run*.log,
// console.txt; the run's summary.json, vm.json and kernel.config two levels up) or a
// runners/repro output directory (trace.txt, repro.c, verdict.txt, console.log, output.log,
// vm.json, kernel.config).
#include <sys/stat.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "fixtures/backing.h"
#include "src/cli.h"
#include "src/common.h"
#include "src/kmsg.h"
#include "src/known_issues.h"
#include "src/ops.h"
#include "src/signature.h"
#include "version.h"

namespace daxprop {

namespace {

bool exists(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0;
}

YAML::Node load_json(const std::string& p) {
  const std::string text = slurp(p);
  if (text.empty()) return {};
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception&) {
    return {};
  }
}

std::string str(const YAML::Node& n, const char* key) {
  return n && n.IsMap() && n[key] && n[key].IsScalar() ? n[key].as<std::string>() : "";
}

std::string indent(const std::string& text, const std::string& pad = "  ") {
  std::string out;
  for (const auto& l : split(text, '\n')) out += (l.empty() ? "" : pad + l) + "\n";
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

// One op of a trace in words, for a reader who does not know daxprop's trace syntax.
std::string in_words(const Op& op) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        const auto at = [](int h, uint64_t off, uint64_t len) {
          return size_name(len) + " at m" + std::to_string(h) + "+" + hex(off);
        };
        const auto who = [](int proc) {
          return proc ? " in the process forked as p" + std::to_string(proc) : std::string();
        };
        if constexpr (std::is_same_v<T, MapOp>) {
          return "mmap " + size_name(x.len) + " of the object at offset " + hex(x.off) + ", " +
                 format_prot(x.prot) + ", " + format_map_flags(x.flags) + ": mapping m" +
                 std::to_string(x.h);
        } else if constexpr (std::is_same_v<T, UnmapOp>) {
          return "munmap " + at(x.h, x.off, x.len);
        } else if constexpr (std::is_same_v<T, MprotectOp>) {
          return "mprotect " + at(x.h, x.off, x.len) + " to " + format_prot(x.prot);
        } else if constexpr (std::is_same_v<T, MremapOp>) {
          return "mremap all of m" + std::to_string(x.h) +
                 (x.old_len ? " (" + size_name(x.old_len) + ")" : std::string()) + " to " +
                 size_name(x.new_len) + (x.fixed ? ", moved (MREMAP_FIXED) to a fresh address" : ", MREMAP_MAYMOVE");
        } else if constexpr (std::is_same_v<T, MadviseOp>) {
          return "madvise " + at(x.h, x.off, x.len) + ", advice " + std::to_string(x.advice);
        } else if constexpr (std::is_same_v<T, MsyncOp>) {
          return "msync " + at(x.h, x.off, x.len) + ", flags " + hex(static_cast<uint64_t>(x.flags));
        } else if constexpr (std::is_same_v<T, WriteOp>) {
          return "store " + at(x.h, x.off, x.len) + " (pattern " + hex(x.pat) + ")" + who(x.proc);
        } else if constexpr (std::is_same_v<T, ReadOp>) {
          return "load " + at(x.h, x.off, x.len) + " and check the bytes" + who(x.proc);
        } else if constexpr (std::is_same_v<T, SysWriteOp>) {
          return "pwrite " + size_name(x.len) + " at file offset " + hex(x.off);
        } else if constexpr (std::is_same_v<T, SysReadOp>) {
          return "pread " + size_name(x.len) + " at file offset " + hex(x.off);
        } else if constexpr (std::is_same_v<T, TruncateOp>) {
          return "ftruncate the file to " + hex(x.size);
        } else if constexpr (std::is_same_v<T, PunchHoleOp>) {
          return "punch a hole of " + size_name(x.len) + " at file offset " + hex(x.off);
        } else if constexpr (std::is_same_v<T, ForkOp>) {
          return "fork: child p" + std::to_string(x.proc) + " keeps the address space";
        } else if constexpr (std::is_same_v<T, ProbeOp>) {
          return std::string("touch every 4 KiB page (") + (x.store ? "store" : "load") + ") of " +
                 at(x.h, x.off, x.len) + " and count the page faults per 2 MiB" + who(x.proc);
        } else if constexpr (std::is_same_v<T, PinOp>) {
          return "GUP " + at(x.h, x.off, x.len) + " via " + pin_via_name(x.via);
        } else if constexpr (std::is_same_v<T, HoldReadOp>) {
          return "start an O_DIRECT read into " + at(x.h, x.off, x.len) +
                 " and hold it in flight (the pages stay pinned)";
        } else if constexpr (std::is_same_v<T, ReleaseOp>) {
          return "let the held read complete";
        } else if constexpr (std::is_same_v<T, SiblingWriteOp>) {
          return "write " + size_name(x.len) + " to a second file on the same filesystem";
        } else if constexpr (std::is_same_v<T, SiblingReadOp>) {
          return "read the second file back and check its bytes";
        } else if constexpr (std::is_same_v<T, KvmSlotOp>) {
          return x.len ? "KVM memslot " + std::to_string(x.slot) + " over " + at(x.h, x.off, x.len) +
                             (x.readonly ? ", read-only" : "") + (x.log_dirty ? ", dirty logging" : "")
                       : "delete KVM memslot " + std::to_string(x.slot);
        } else if constexpr (std::is_same_v<T, KvmDirtyOp>) {
          return "KVM_GET_DIRTY_LOG of memslot " + std::to_string(x.slot);
        } else if constexpr (std::is_same_v<T, KvmAccessOp>) {
          return std::string("the KVM guest ") + (x.write ? "writes " : "reads ") + size_name(x.len) +
                 " at memslot " + std::to_string(x.slot) + "+" + hex(x.off);
        } else {
          static_assert(!sizeof(T*), "an op kind bugreport cannot put in words");
        }
      },
      op);
}

// The kernel files behind a backing and an op kind: where a maintainer looks first.
std::vector<std::string> files_of(const std::string& backing, const std::vector<Op>& ops) {
  std::set<std::string> f;
  if (starts_with(backing, "devdax")) f.insert("drivers/dax/device.c");
  if (starts_with(backing, "fsdax")) {
    f.insert("fs/dax.c");
    f.insert(backing == "fsdax_xfs" ? "fs/xfs/xfs_file.c" : "fs/ext4/file.c");
  }
  if (starts_with(backing, "pfnmap")) f.insert("drivers/vfio/pci/vfio_pci_core.c");
  if (backing == "hugetlb_2m") f.insert("mm/hugetlb.c");
  if (backing == "memfd" || backing == "tmpfs_file") f.insert("mm/shmem.c");
  for (const auto& op : ops) {
    const std::string k = op_kind(op);
    if (k == "mprotect") f.insert("mm/mprotect.c");
    if (k == "mremap") f.insert("mm/mremap.c");
    if (k == "unmap" || k == "map") f.insert("mm/vma.c");
    if (k == "madvise") f.insert("mm/madvise.c");
    if (k == "pin") f.insert("mm/gup.c");
    if (starts_with(k, "kvm")) f.insert("virt/kvm/kvm_main.c");
  }
  return {f.begin(), f.end()};
}

// Kernel source files a log excerpt names ("mm/pgtable-generic.c:42", "at fs/dax.c:390").
std::vector<std::string> files_in_log(const std::vector<std::string>& lines) {
  std::set<std::string> out;
  for (const auto& l : lines) {
    for (size_t i = 0; (i = l.find(".c:", i)) != std::string::npos; i += 3) {
      size_t b = i;
      while (b > 0 && (isalnum(static_cast<unsigned char>(l[b - 1])) || l[b - 1] == '/' ||
                       l[b - 1] == '_' || l[b - 1] == '-')) {
        b--;
      }
      const std::string f = l.substr(b, i + 2 - b);
      if (f.find('/') != std::string::npos) out.insert(f);
    }
  }
  return {out.begin(), out.end()};
}

// MAINTAINERS: the sections whose F: patterns cover `file` (a directory pattern ending in '/'
// covers everything under it), their M: and L: lines.
std::vector<std::string> maintainers_of(const std::string& maintainers, const std::vector<std::string>& files) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::string title;
  std::vector<std::string> people, pats;
  auto flush = [&] {
    bool hit = false;
    for (const auto& p : pats) {
      for (const auto& f : files) {
        hit |= (p.back() == '/' && starts_with(f, p)) || glob_match(p, f);
      }
    }
    if (hit) {
      for (const auto& m : people) {
        if (seen.insert(m).second) out.push_back(m + "  (" + title + ")");
      }
    }
    people.clear();
    pats.clear();
  };
  for (const auto& l : split(maintainers, '\n')) {
    if (l.size() > 3 && l[1] == ':' && l[2] == '\t') {
      const std::string v = trim(l.substr(3));
      if (l[0] == 'M' || l[0] == 'L') people.push_back(v);
      if (l[0] == 'F') pats.push_back(v);
    } else if (!l.empty() && l[0] != ' ' && l[0] != '\t') {
      flush();
      title = trim(l);
    }
  }
  flush();
  return out;
}

// The kernel's report in a console log: from its first bad record to its end ("---[ end trace",
// the panic's end), without daxprop's own markers and the lines of other runs.
std::vector<std::string> console_excerpt(const std::string& console) {
  std::vector<std::string> lines = split(console, '\n'), out;
  size_t first = lines.size();
  for (size_t i = 0; i < lines.size(); i++) {
    if (KmsgCursor::is_bad(lines[i])) {
      first = i;
      break;
    }
  }
  for (size_t i = first; i < lines.size() && out.size() < 60; i++) {
    std::string l = lines[i];
    if (!l.empty() && l.back() == '\r') l.pop_back();
    if (l.find("daxprop-repro: run ") != std::string::npos || l.find("daxprop: begin ") != std::string::npos ||
        l.find("reboot: ") != std::string::npos) {
      break;  // the next run or test: the report is over
    }
    if (l.find("daxprop-repro: op ") != std::string::npos || l.find("daxprop: op ") != std::string::npos ||
        l.find("daxprop-vm:") != std::string::npos) {
      continue;
    }
    out.push_back(l);
    if (l.find("end Kernel panic") != std::string::npos || l.find("---[ end trace") != std::string::npos) {
      break;
    }
  }
  return out;
}

// The kernel config options a DAX/pfnmap report needs, from a .config text.
std::vector<std::string> config_options(const std::string& config) {
  static const std::vector<std::string> kWanted = {
      "CONFIG_ZONE_DEVICE", "CONFIG_FS_DAX", "CONFIG_FS_DAX_PMD", "CONFIG_DEV_DAX",
      "CONFIG_DEV_DAX_PMEM", "CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD",
      "CONFIG_ARCH_SUPPORTS_PMD_PFNMAP", "CONFIG_ARCH_SUPPORTS_PUD_PFNMAP", "CONFIG_VFIO_PCI_CORE",
      "CONFIG_VFIO_PCI", "CONFIG_KVM", "CONFIG_MEMORY_FAILURE", "CONFIG_HUGETLBFS", "CONFIG_PREEMPT",
      "CONFIG_PREEMPT_VOLUNTARY", "CONFIG_DEBUG_VM", "CONFIG_KASAN", "CONFIG_PROVE_LOCKING"};
  std::map<std::string, std::string> have;
  for (const auto& l : split(config, '\n')) {
    auto eq = l.find('=');
    if (starts_with(l, "CONFIG_") && eq != std::string::npos) have[l.substr(0, eq)] = l.substr(eq + 1);
    if (starts_with(l, "# CONFIG_") && l.find(" is not set") != std::string::npos) {
      have[l.substr(2, l.find(' ', 2) - 2)] = "n";
    }
  }
  std::vector<std::string> out;
  for (const auto& w : kWanted) {
    if (have.count(w)) out.push_back(w + "=" + have[w]);
  }
  return out;
}

// How a reproducer says op `op` differed ("expected A, got B", "byte +0x..") in the suite's
// signature form ("mprotect: expected EINVAL, got ok", "read: bytes differ").
std::string disagreement_signature(const Op& op, const std::string& rest) {
  const std::string head = op_signature(op) + ": ";
  if (rest.find("byte +0x") != std::string::npos || starts_with(rest, "the bytes read at")) {
    return head + "bytes differ";
  }
  // "errno 22 (Invalid argument)" -> EINVAL; "signal 7 si_code 2 at page +0x0 (lsb 0)" -> SIGBUS BUS_ADRERR.
  const auto outcome = [](const std::string& d) -> std::string {
    int a = 0, b = 0;
    if (d == "ok") return d;
    if (sscanf(d.c_str(), "errno %d", &a) == 1) return errno_name(a);
    if (sscanf(d.c_str(), "signal %d si_code %d", &a, &b) == 2) return signal_name(a) + " " + sicode_name(a, b);
    return d;
  };
  const size_t got = rest.find(", got ");
  if (starts_with(rest, "expected ") && got != std::string::npos) {
    return head + "expected " + outcome(rest.substr(9, got - 9)) + ", got " + outcome(rest.substr(got + 6));
  }
  return head + rest;
}

// A reproducer's "op N (...): expected A, got B" in the suite's signature form; "" if it is not
// one.
std::string repro_signature(const std::string& message, const Trace& t) {
  if (!starts_with(message, "op ")) return "";
  const size_t n = strtoul(message.c_str() + 3, nullptr, 10);
  const size_t colon = message.find("): ");
  if (n < 1 || n > t.lines.size() || colon == std::string::npos) return "";
  return disagreement_signature(t.lines[n - 1].op, message.substr(colon + 3));
}

// A racing reproducer's first unexplained repetition names, op by op, the first disagreement
// of the order closest to it ("REPRO:   final read read m0+0x0 len=0x1000: expected ..., got
// ok   <- the closest order's first disagreement"): that line without its marks, and the
// suite's racing signature of it ("race: read: expected SIGBUS BUS_ADRERR, got ok").
std::pair<std::string, std::string> race_disagreement(const std::string& output) {
  static const std::string kMark = "   <- the closest order's first disagreement";
  for (const auto& l : split(output, '\n')) {
    const size_t mark = l.find(kMark);
    if (!starts_with(l, "REPRO:   ") || mark == std::string::npos) continue;
    const std::string what = l.substr(9, mark - 9);
    std::string body = what;
    for (const std::string p : {"final read ", "section "}) {
      if (starts_with(body, p)) body = body.substr(p.size());
    }
    const size_t colon = body.find(": ");
    if (colon == std::string::npos) return {};
    auto op = parse_op(body.substr(0, colon));
    if (!std::holds_alternative<Op>(op)) return {};
    return {what, "race: " + disagreement_signature(std::get<Op>(op), body.substr(colon + 2))};
  }
  return {};
}

// A shell command's standard output, if it ran and exited 0.
std::optional<std::string> command_output(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return std::nullopt;
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (pclose(p) != 0) return std::nullopt;
  return out;
}

// The running kernel's config: /proc/config.gz (CONFIG_IKCONFIG_PROC), else /boot/config-REL.
std::string running_config(const std::string& release) {
  if (exists("/proc/config.gz")) {
    if (auto text = command_output("zcat /proc/config.gz 2>/dev/null"); text && !text->empty()) return *text;
  }
  return slurp("/boot/config-" + release);
}

struct Finding {
  std::string dir, run_dir;
  Trace trace;
  std::string trace_text, test, signature, message, repro_status, known_id, kernel;
  std::vector<std::string> kmsg, log_excerpt;
  YAML::Node summary, vm;
  std::string repro_c, config;
  std::string stacks;  // a hang's kernel stacks
};

// A hang's kernel stacks: failures/<test>/stacks.txt, or the block the reproducer's watchdog
// printed (runners/repro: the first run's, in output.log).
std::string stacks_of(const std::string& dir) {
  std::string s = slurp(dir + "/stacks.txt");
  if (!s.empty()) return s;
  bool in = false;
  for (const auto& l : split(slurp(dir + "/output.log"), '\n')) {
    if (l == "REPRO: kernel stacks of the hung reproducer:") {
      if (!s.empty()) break;
      in = true;
      continue;
    }
    const bool task = !l.empty() && isdigit(static_cast<unsigned char>(l[0])) && l.find('/') != std::string::npos;
    in = in && (task || starts_with(l, "  ") || starts_with(l, "tasks of ") ||
                starts_with(l, "other tasks ") || starts_with(l, "(cut"));
    if (in) s += l + "\n";
  }
  return s;
}

std::variant<Finding, std::string> load_finding(const std::string& dir, const std::string& config_file) {
  Finding f;
  f.dir = dir;
  std::string tpath;
  for (const char* n : {"trace.min.txt", "trace.txt"}) {
    if (exists(dir + "/" + n)) {
      tpath = dir + "/" + n;
      break;
    }
  }
  if (tpath.empty()) return dir + ": no trace.min.txt or trace.txt (not a failure directory)";
  f.trace_text = slurp(tpath);
  auto parsed = parse_trace(f.trace_text);
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    return tpath + ":" + std::to_string(e->line) + ": " + e->reason;
  }
  f.trace = std::get<Trace>(parsed);
  f.kernel = f.trace.header.kernel;
  // A run's failures/<test>/ has the run two levels up; a runners/repro directory is its own run.
  f.run_dir = exists(dir + "/../../summary.json") ? dir + "/../.." : dir;
  f.summary = load_json(f.run_dir + "/summary.json");
  f.vm = load_json(f.run_dir + "/vm.json");
  if (!str(f.summary, "kernel").empty()) f.kernel = str(f.summary, "kernel");
  if (!str(f.vm, "kernel_release").empty()) f.kernel = str(f.vm, "kernel_release");
  const YAML::Node r = load_json(dir + "/result.json");
  f.test = str(r, "name");
  if (f.test.empty()) f.test = f.trace.header.property + " on " + f.trace.header.backing;
  f.signature = str(r, "signature");
  f.message = str(r, "message");
  f.known_id = str(r, "known_id");
  f.repro_status = str(r, "repro");
  if (r && r["kmsg"] && r["kmsg"].IsSequence()) {
    for (const auto& l : r["kmsg"]) f.kmsg.push_back(l.as<std::string>());
  }
  // runners/repro: its verdict line and the reproducer's output.
  if (const std::string v = trim(slurp(dir + "/verdict.txt")); !v.empty()) {
    f.repro_status = v;
    if (f.message.empty()) {
      for (const auto& l : split(slurp(dir + "/output.log"), '\n')) {
        if (starts_with(l, "REPRO: ") && f.message.empty()) f.message = l.substr(7);  // run 1's
      }
    }
    // The kernel went down under the reproducer: runners/repro's verdict is all there is.
    if (f.message.empty() && starts_with(v, "REPRO: ")) f.message = v.substr(7);
  }
  for (const char* c : {"console.txt", "console.log"}) {
    if (exists(dir + "/" + c)) {
      f.log_excerpt = console_excerpt(slurp(dir + "/" + c));
      if (!f.log_excerpt.empty()) break;
    }
  }
  if (f.log_excerpt.empty()) f.log_excerpt = f.kmsg;
  if (f.known_id.empty()) f.known_id = trim(slurp(dir + "/known-id"));  // runners/repro of a finding
  if (f.signature.empty()) f.signature = kmsg_title(f.log_excerpt);
  if (f.signature.empty() && f.trace.race.reps > 0) {
    // A racing reproducer: what it said of its first unexplained repetition, closest order first.
    const auto [what, sig] = race_disagreement(slurp(dir + "/output.log") + slurp(dir + "/run1.log"));
    f.signature = sig;
    if (!what.empty()) f.message = what + " (" + f.message + ")";
  }
  if (f.signature.empty()) f.signature = repro_signature(f.message, f.trace);
  if (f.signature.empty() && starts_with(f.message, "hang in op ")) {
    // The reproducer's watchdog names the op that hung, as the suite's signature does.
    const size_t n = strtoul(f.message.c_str() + 11, nullptr, 10);
    if (n >= 1 && n <= f.trace.lines.size()) f.signature = hang_signature(f.trace.lines[n - 1].op);
  }
  f.repro_c = slurp(dir + "/repro.c");
  f.stacks = stacks_of(dir);
  const std::string cfg = !config_file.empty() ? config_file : exists(dir + "/kernel.config") ? dir + "/kernel.config" : f.run_dir + "/kernel.config";
  f.config = slurp(cfg);
  if (!config_file.empty() && f.config.empty()) return "cannot read --config " + config_file;
  // A native run on the kernel running now: its own config (/proc/config.gz, else /boot).
  const bool in_vm = f.vm.IsMap() || (f.summary.IsMap() && f.summary["vm"].IsMap() &&
                                      !str(f.summary["vm"], "accelerator").empty());
  if (f.config.empty() && !in_vm && !f.kernel.empty() && f.kernel == kernel_release()) {
    f.config = running_config(f.kernel);
  }
  return f;
}

std::string subject_of(const Finding& f, const KnownIssue* k) {
  std::string subsystem = k && !k->subsystem.empty() ? k->subsystem : "";
  if (k && !k->subject.empty()) return "[BUG] " + (subsystem.empty() ? "" : subsystem + ": ") + k->subject;
  if (subsystem.empty()) {
    const std::string& b = f.trace.header.backing;
    subsystem = starts_with(b, "devdax") ? "device-dax" : starts_with(b, "fsdax") ? "fs/dax"
              : starts_with(b, "pfnmap") ? "vfio-pci/mm" : "mm";
  }
  std::string symptom = k && !k->title.empty() ? k->title : f.signature;
  if (symptom.empty()) symptom = split(f.message, '\n')[0];
  // A subject is one line; a long title is cut at its first clause.
  for (const char* cut : {"; ", " (", ": "}) {
    if (symptom.size() > 90 && symptom.find(cut) != std::string::npos && symptom.find(cut) > 30) {
      symptom = symptom.substr(0, symptom.find(cut));
    }
  }
  return "[BUG] " + subsystem + ": " + symptom;
}

}  // namespace

int cmd_bugreport(const std::vector<std::string>& args) {
  std::string tree, config, dir, known_path = shipped_known_issues();
  bool attach = false;
  for (size_t i = 1; i < args.size(); i++) {
    const std::string& a = args[i];
    if (a == "--attach") {
      attach = true;
    } else if (a == "--kernel-tree" || a == "--config" || a == "--known-issues") {
      if (i + 1 >= args.size()) {
        std::cerr << "daxprop: " << a << " needs a value\n";
        return 2;
      }
      (a == "--kernel-tree" ? tree : a == "--config" ? config : known_path) = args[++i];
    } else if (starts_with(a, "--")) {
      std::cerr << "daxprop: unknown option '" << a << "' for bugreport (try --help)\n";
      return 2;
    } else if (dir.empty()) {
      dir = a;
    } else {
      std::cerr << "daxprop: bugreport takes one failure directory\n";
      return 2;
    }
  }
  if (dir.empty()) {
    std::cerr << "daxprop: bugreport needs a failure directory (a run's failures/<test>/ or a runners/repro output)\n";
    return 2;
  }
  if (!tree.empty() && !exists(tree + "/MAINTAINERS")) {
    std::cerr << "daxprop: --kernel-tree " << tree << ": no MAINTAINERS there\n";
    return 2;
  }
  auto loaded = load_finding(dir, config);
  if (auto* e = std::get_if<std::string>(&loaded)) {
    std::cerr << "daxprop: " << *e << "\n";
    return 2;
  }
  const Finding& f = std::get<Finding>(loaded);
  std::variant<KnownIssues, std::string> kl = KnownIssues{};
  if (known_path != "none") kl = load_known_issues(known_path);
  if (auto* e = std::get_if<std::string>(&kl)) {
    std::cerr << "daxprop: " << *e << "\n";
    return 2;
  }
  const KnownIssues& known = std::get<KnownIssues>(kl);
  const KnownIssue* k = nullptr;
  for (const auto& i : known.issues) {
    if (!f.known_id.empty() && i.id == f.known_id) k = &i;
  }
  if (!k) k = known.match_failure(f.test, f.signature, f.kernel);

  std::vector<Op> ops;
  for (const auto& l : f.trace.lines) ops.push_back(l.op);
  std::vector<std::string> files = k && !k->files.empty() ? k->files : files_of(f.trace.header.backing, ops);
  for (const auto& x : files_in_log(f.log_excerpt)) {
    if (std::find(files.begin(), files.end(), x) == files.end()) files.push_back(x);
  }

  std::ostringstream o;
  o << "Subject: " << subject_of(f, k) << "\n\n";
  o << "Hello,\n\ndaxprop (a property-based conformance suite for DAX and pfnmap memory) found this on "
    << (f.kernel.empty() ? "the kernel below" : f.kernel) << ".\n";
  if (k) {
    o << "It is known to daxprop as " << k->id << (k->upstream.empty() ? "" : "; upstream: " + k->upstream)
      << (k->fixed_by.empty() ? "" : "; fixed by " + k->fixed_by) << ".\n";
  }
  o << "\nSYMPTOM\n" << indent(f.signature.empty() ? "(no signature)" : f.signature) << "\n";

  o << "KERNEL\n  release: " << (f.kernel.empty() ? "unknown" : f.kernel) << "\n";
  const auto opts = config_options(f.config);
  if (opts.empty()) {
    o << "  config: not recorded (pass --config FILE)\n";
  } else {
    o << "  config (the options that matter here):\n";
    for (const auto& c : opts) o << "    " << c << "\n";
  }
  o << "\nENVIRONMENT\n";
  if (f.vm.IsMap() && !str(f.vm, "qemu_cmdline").empty()) {
    // This machine's paths say nothing to a reader: the kernel, initramfs and backing files.
    static const std::regex kImages(R"((-kernel|-initrd) \S+)"), kPaths(R"(\b((?:mem-)?path)=[^, ]+)");
    std::string cmd = std::regex_replace(str(f.vm, "qemu_cmdline"), kImages, "$1 …");
    o << "  QEMU guest (" << str(f.vm, "accel") << "): " << std::regex_replace(cmd, kPaths, "$1=…") << "\n";
  } else if (f.summary.IsMap() && f.summary["vm"].IsMap() && !str(f.summary["vm"], "accelerator").empty()) {
    o << "  QEMU guest (" << str(f.summary["vm"], "accelerator") << ")\n";
  } else {
    o << "  native: the kernel the machine runs (no VM)\n";
  }
  o << "  backing: " << f.trace.header.backing;
  if (f.summary && f.summary["backings"] && f.summary["backings"].IsSequence()) {
    for (const auto& b : f.summary["backings"]) {
      if (str(b, "id") != f.trace.header.backing || !b["facts"] || !b["facts"].IsMap()) continue;
      std::vector<std::string> facts;
      for (const auto& kv : b["facts"]) facts.push_back(kv.first.as<std::string>() + "=" + kv.second.as<std::string>());
      if (!facts.empty()) o << " (" << join(facts, ", ") << ")";
    }
  }
  o << "\n  daxprop " << DAXPROP_VERSION << ", test " << f.test << ", seed " << f.trace.header.seed << "\n\n";

  o << "EXPECTED\n";
  if (k && !k->expected.empty()) o << indent(k->expected) << "\n";
  else o << "  What the model of the kernel's documented behaviour predicts (see HAPPENED); the code\n"
            "  paths involved: " << join(files, ", ") << ".\n\n";
  o << "HAPPENED\n" << indent(f.message.empty() ? "(no message recorded)" : f.message) << "\n";
  o << "KERNEL LOG\n";
  if (f.log_excerpt.empty()) o << "  (nothing: the kernel logged no report)\n";
  for (const auto& l : f.log_excerpt) o << "  " << l << "\n";
  if (!f.stacks.empty()) o << "\nKERNEL STACKS (where the hung tasks slept when the watchdog fired)\n" << indent(f.stacks);

  o << "\nMINIMAL TRACE (" << trace_ops(f.trace) << " ops)\n";
  for (size_t i = 0; i < f.trace.lines.size(); i++) {
    o << "  " << i + 1 << ". " << in_words(f.trace.lines[i].op);
    if (f.trace.lines[i].observed) o << "  -> " << format_outcome(*f.trace.lines[i].observed);
    o << "\n";
  }
  if (f.trace.race.reps > 0) {
    o << "  Then, " << f.trace.race.reps << " times over on a fresh object, these threads at once:\n";
    for (size_t th = 0; th < f.trace.race.threads.size(); th++) {
      for (const auto& l : f.trace.race.threads[th]) {
        o << "  thread " << th << ": " << in_words(l.op);
        if (l.observed) o << "  -> " << format_outcome(*l.observed);
        o << "\n";
      }
    }
  }
  o << "\n  As a daxprop trace (daxprop replay --provision FILE, or runners/repro --kernel BZIMAGE FILE):\n"
    << indent(f.trace_text, "    ") << "\n";

  o << "REPRODUCER\n";
  const bool uring = f.repro_c.find("-luring") != std::string::npos;
  o << "  build: cc -O1 -o repro repro.c" << (uring ? " -luring" : "") << "\n"
    << "  run:   ./repro   (as root; exit 0: behaves, 1: the bug shows, 125: cannot set up here)\n"
    << "  reproduced: " << (f.repro_status.empty() ? "not run" : f.repro_status) << "\n";
  if (f.repro_c.empty()) {
    o << "  (no repro.c in " << f.dir << ": make one with daxprop emit --provision TRACE)\n";
  } else if (attach || f.repro_c.size() > 64 * 1024) {
    o << "  repro.c is attached (" << f.repro_c.size() / 1024 << " KiB)\n";
  } else {
    o << "\n" << indent(f.repro_c, "    ");
  }

  o << "\nWHO\n  files: " << join(files, ", ") << "\n";
  if (tree.empty()) {
    o << "  (pass --kernel-tree DIR for the maintainers and lists of these files)\n";
  } else if (exists(tree + "/scripts/get_maintainer.pl") && !files.empty()) {
    std::string cmd = "cd '" + tree + "' && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats";
    for (const auto& x : files) {
      if (exists(tree + "/" + x)) cmd += " -f '" + x + "'";
    }
    cmd += " 2>/dev/null";
    const auto out = command_output(cmd);
    if (out && !trim(*out).empty()) {
      o << "  scripts/get_maintainer.pl:\n" << indent(trim(*out), "    ");
    } else {
      // Not a whole tree (get_maintainer.pl checks for one): the MAINTAINERS file itself.
      o << "  from " << tree << "/MAINTAINERS (scripts/get_maintainer.pl did not run here):\n";
      for (const auto& m : maintainers_of(slurp(tree + "/MAINTAINERS"), files)) o << "    " << m << "\n";
    }
  } else {
    o << "  from " << tree << "/MAINTAINERS:\n";
    for (const auto& m : maintainers_of(slurp(tree + "/MAINTAINERS"), files)) o << "    " << m << "\n";
  }
  std::cout << o.str();
  return 0;
}

}  // namespace daxprop
