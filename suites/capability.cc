#include "suites/capability.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>

#include "src/executor.h"
#include "src/guard.h"

// PAGEMAP_SCAN (include/uapi/linux/fs.h, since 6.7); linux-libc-dev 6.1 has none of it.
#ifndef PAGEMAP_SCAN
struct page_region {
  uint64_t start, end, categories;
};
struct pm_scan_arg {
  uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages, category_inverted,
      category_mask, category_anyof_mask, return_mask;
};
#define PAGEMAP_SCAN _IOWR('f', 16, struct pm_scan_arg)
#define PAGE_IS_PRESENT (1 << 3)
#define PAGE_IS_HUGE (1 << 6)
#endif

namespace daxprop {

namespace {

// Pages [a, a + len) that PAGEMAP_SCAN reports present and PAGE_IS_HUGE, or why it cannot say.
std::string pagemap_huge(uintptr_t a, uint64_t len) {
  UniqueFd fd(open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC));
  if (!fd) return "unavailable (" + last_error("open(/proc/self/pagemap)").str() + ")";
  std::vector<page_region> vec(1024);
  pm_scan_arg arg{};
  arg.size = sizeof arg;
  arg.start = a;
  arg.end = a + len;
  arg.vec = reinterpret_cast<uintptr_t>(vec.data());
  arg.vec_len = vec.size();
  arg.category_mask = PAGE_IS_PRESENT;
  arg.return_mask = PAGE_IS_PRESENT | PAGE_IS_HUGE;
  long n = ioctl(fd.get(), PAGEMAP_SCAN, &arg);
  if (n < 0) {
    return errno == ENOTTY ? "not offered by this kernel (ENOTTY: PAGEMAP_SCAN came in 6.7)"
                           : last_error("ioctl(PAGEMAP_SCAN)").str();
  }
  uint64_t present = 0, huge = 0;
  for (long i = 0; i < n; i++) {
    uint64_t pages = (vec[i].end - vec[i].start) / kPage;
    present += pages;
    if (vec[i].categories & PAGE_IS_HUGE) huge += pages;
  }
  return std::to_string(huge) + "/" + std::to_string(len / kPage) + " pages PAGE_IS_HUGE (" +
         std::to_string(present) + " present)";
}

// The level a fault count per 2 MiB unit shows: one fault for a whole 1 GiB is a PUD, at most
// one per 2 MiB a PMD, more is 4 KiB PTEs.
std::string level_of(const std::vector<uint32_t>& f) {
  uint64_t total = 0, worst = 0;
  for (uint32_t x : f) {
    total += x;
    worst = std::max<uint64_t>(worst, x);
  }
  if (f.size() >= 512 && total <= 1) return "1G";
  if (worst <= 1) return "2M";
  return "4K";
}

// In the measuring child: map `len` bytes of a fresh object at a 1 GiB-aligned address, touch
// every page, and describe what the faults and PAGEMAP_SCAN say. One line per measurement.
std::string measure(const Backing& b, uint64_t len) {
  const auto& t = b.traits();
  std::ostringstream os;
  os << size_name(len) << " ";
  auto obj = b.create_object();
  if (!obj) return os.str() + "error " + obj.error().str();
  int fd = obj->get();
  int flags = MAP_SHARED;
  if (t.anonymous) {
    flags = MAP_PRIVATE | MAP_ANONYMOUS;  // THP's anonymous case
    fd = -1;
  } else if (t.truncate_ok && ftruncate(fd, static_cast<off_t>(len)) != 0 &&
             t.initial_size < len) {
    return os.str() + "error " + last_error("ftruncate").str();
  }
  void* want = reinterpret_cast<void*>(slot_addr(0));
  void* a = mmap(want, len, PROT_READ | PROT_WRITE, flags | MAP_FIXED_NOREPLACE, fd,
                 static_cast<off_t>(fd >= 0 ? t.obj_base : 0));
  if (a == MAP_FAILED) return os.str() + "error " + last_error("mmap").str();
  std::vector<uint32_t> faults;
  GuardedResult g = probe_faults(static_cast<uint8_t*>(a), len, false, faults);
  if (g.fault) {
    return os.str() + "error signal " + signal_name(g.fault->sig) + " at +" +
           hex(g.fault->addr - reinterpret_cast<uintptr_t>(a));
  }
  os << "level=" << level_of(faults) << " faults=" << format_faults(faults);
  // The page walk splits a PUD it passes (mm/pagewalk.c walk_pud_range: split_huge_pud), and
  // skips VM_PFNMAP VMAs (fs/proc/task_mmu.c pagemap_scan_test_walk): cross-check PMDs only.
  if (len < kGiB && !t.pfnmap) os << " | pagemap_scan=" << pagemap_huge(reinterpret_cast<uintptr_t>(a), len);
  munmap(a, len);
  return os.str();
}

}  // namespace

std::string size_observer() {
  return "page faults per 2 MiB of a probe (getrusage RUSAGE_THREAD ru_minflt+ru_majflt around "
         "each unit's loop: 1 = PMD, 1 per 1 GiB = PUD, 1 per page = PTEs); PAGEMAP_SCAN "
         "PAGE_IS_HUGE cross-checks PMDs in the capability table (it skips VM_PFNMAP and splits "
         "PUDs)";
}

std::map<std::string, std::string> measure_capability(const Backing& b, double timeout_s) {
  const auto& t = b.traits();
  std::map<std::string, std::string> cap;
  const char* rule[] = {"none (THP policy)", "hugetlbfs", "device-dax", "fs-dax", "pfnmap"};
  cap["rule"] = rule[static_cast<int>(t.huge_rule)];
  cap["offered"] = t.huge_pud && t.huge_pmd ? "PMD, PUD"
                   : t.huge_pud            ? "PUD"
                   : t.huge_pmd            ? "PMD"
                                           : "none";
  cap["evidence"] = t.huge_evidence;
  std::vector<uint64_t> sizes;
  // devdax_1g cannot map 4 MiB (check_vma); every other backing is measured on 2 PMDs, and
  // a 1 GiB object (device-dax 1G, a 1 GiB BAR) also on a PUD.
  if (!(t.huge_rule == BackingTraits::HugeRule::kDeviceDax && t.unit >= kGiB)) {
    sizes.push_back(4 * kMiB);
  }
  if ((t.fixed_size && t.initial_size >= kGiB) || t.huge_pud) sizes.push_back(kGiB);

  int pfd[2];
  if (pipe2(pfd, O_CLOEXEC) != 0) {
    cap["error"] = last_error("pipe").str();
    return cap;
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(pfd[0]);
    std::string out;
    for (uint64_t len : sizes) out += measure(b, len) + "\n";
    write_all(pfd[1], out.data(), out.size());
    _exit(0);
  }
  close(pfd[1]);
  UniqueFd in(pfd[0]);
  if (pid < 0) {
    cap["error"] = last_error("fork").str();
    return cap;
  }
  std::string text;
  auto t0 = std::chrono::steady_clock::now();
  char buf[4096];
  while (true) {
    double left = timeout_s - std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    pollfd p{in.get(), POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left * 1000) + 1) <= 0) {
      kill(pid, SIGKILL);
      cap["error"] = "the measurement did not finish in " + std::to_string(static_cast<int>(timeout_s)) + " s";
      break;
    }
    ssize_t n = read(in.get(), buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status) && !cap.count("error")) {
    cap["error"] = "the measuring process died with " + signal_name(WTERMSIG(status));
  }
  std::string largest = "4K";
  for (const auto& line : split(text, '\n')) {
    if (line.empty()) continue;
    auto sp = line.find(' ');
    cap["probe_" + line.substr(0, sp)] = line.substr(sp + 1);
    auto lv = line.find("level=");
    if (lv == std::string::npos) continue;
    std::string level = line.substr(lv + 6, 2);
    if (level == "1G" || (level == "2M" && largest == "4K")) largest = level;
  }
  cap["largest_mapping"] = largest;
  return cap;
}

}  // namespace daxprop
