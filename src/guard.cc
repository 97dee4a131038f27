#include "src/guard.h"

#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <cerrno>
#include <cstring>

namespace daxprop {

namespace {

// volatile: stores around the copy must not be merged away (memcpy never reads them, the
// signal handler does).
thread_local sigjmp_buf* volatile t_jmp = nullptr;
thread_local FaultInfo t_fault;
thread_local bool t_installed = false;

void on_fault(int sig, siginfo_t* info, void*) {
  if (t_jmp == nullptr) {
    // Not inside a guarded copy: a real crash of daxprop itself. Die with the signal so the
    // parent reports it.
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  t_fault.sig = sig;
  t_fault.code = info->si_code;
  t_fault.addr = reinterpret_cast<uintptr_t>(info->si_addr);
  t_fault.addr_lsb = sig == SIGBUS ? info->si_addr_lsb : 0;
  siglongjmp(*t_jmp, 1);
}

template <bool kWrite>
GuardedResult guarded(uint8_t* mapped, uint8_t* buf, size_t n) {
  guard_install();
  GuardedResult r;
  volatile size_t done = 0;
  sigjmp_buf env;
  // SA_NODEFER leaves the signal unblocked in the handler, so jumping out needs no mask restore
  // (savemask = 0 saves a syscall per access).
  if (sigsetjmp(env, 0) != 0) {
    t_jmp = nullptr;
    r.done = done;
    r.fault = t_fault;
    return r;
  }
  t_jmp = &env;
  while (done < n) {
    uintptr_t a = reinterpret_cast<uintptr_t>(mapped) + done;
    size_t chunk = std::min<size_t>(4096 - (a & 4095), n - done);
    if constexpr (kWrite) {
      memcpy(mapped + done, buf + done, chunk);
    } else {
      memcpy(buf + done, mapped + done, chunk);
    }
    done = done + chunk;
  }
  t_jmp = nullptr;
  r.done = done;
  return r;
}

}  // namespace

void guard_install() {
  if (t_installed) return;
  const size_t sz = 64 * 1024;
  void* stack = mmap(nullptr, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (stack == MAP_FAILED) abort();
  stack_t ss{};
  ss.ss_sp = stack;
  ss.ss_size = sz;
  sigaltstack(&ss, nullptr);
  struct sigaction sa {};
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, nullptr);
  sigaction(SIGBUS, &sa, nullptr);
  t_installed = true;
}

GuardedResult guarded_madvise(uint8_t* a, size_t len, int advice, long* rc) {
  guard_install();
  GuardedResult r;
  sigjmp_buf env;
  if (sigsetjmp(env, 0) != 0) {
    t_jmp = nullptr;
    r.fault = t_fault;
    return r;
  }
  t_jmp = &env;
  *rc = madvise(a, len, advice);
  int e = errno;
  t_jmp = nullptr;
  errno = e;
  return r;
}

uint64_t thread_faults() {
  struct rusage ru {};
  getrusage(RUSAGE_THREAD, &ru);
  return static_cast<uint64_t>(ru.ru_minflt) + static_cast<uint64_t>(ru.ru_majflt);
}

GuardedResult probe_faults(uint8_t* mapped, size_t n, bool store, std::vector<uint32_t>& faults) {
  guard_install();
  constexpr uintptr_t kUnit = uintptr_t{2} << 20;
  const uintptr_t start = reinterpret_cast<uintptr_t>(mapped), end = start + n;
  // Room for every unit up front: growing the vector inside the loop could fault.
  faults.reserve(faults.size() + (end - (start & ~(kUnit - 1)) + kUnit - 1) / kUnit + 1);
  GuardedResult r;
  volatile uintptr_t a = start;
  sigjmp_buf env;
  // Faults that are not the probe's must happen before the first count. After a fork the
  // stack is copy-on-write (the rusage the kernel fills, a return address): one measurement
  // first, from the same frame depth as the ones that count. And a forked process has no page
  // table entries for its text (fork copies none for file VMAs without anon_vma): fault this
  // loop's code in now, or its first instruction fetch is counted against the first unit.
  (void)thread_faults();
  const uintptr_t code = reinterpret_cast<uintptr_t>(&probe_faults) & ~uintptr_t{4095};
  madvise(reinterpret_cast<void*>(code), 2 * 4096, MADV_POPULATE_READ);
  if (sigsetjmp(env, 0) != 0) {
    t_jmp = nullptr;
    r.done = a - start;
    r.fault = t_fault;
    return r;
  }
  t_jmp = &env;
  while (a < end) {
    const uintptr_t unit_end = std::min(end, (a & ~(kUnit - 1)) + kUnit);
    const uint64_t before = thread_faults();
    while (a < unit_end) {
      volatile uint8_t* q = reinterpret_cast<volatile uint8_t*>(a);
      uint8_t v = *q;
      if (store) *q = v;
      a = (a & ~uintptr_t{4095}) + 4096;
    }
    faults.push_back(static_cast<uint32_t>(thread_faults() - before));
  }
  t_jmp = nullptr;
  r.done = n;
  return r;
}

GuardedResult guarded_read(const uint8_t* mapped, uint8_t* out, size_t n) {
  return guarded<false>(const_cast<uint8_t*>(mapped), out, n);
}
GuardedResult guarded_write(uint8_t* mapped, const uint8_t* in, size_t n) {
  return guarded<true>(mapped, const_cast<uint8_t*>(in), n);
}

}  // namespace daxprop
