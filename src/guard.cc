#include "src/guard.h"

#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
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

GuardedResult guarded_read(const uint8_t* mapped, uint8_t* out, size_t n) {
  return guarded<false>(const_cast<uint8_t*>(mapped), out, n);
}
GuardedResult guarded_write(uint8_t* mapped, const uint8_t* in, size_t n) {
  return guarded<true>(mapped, const_cast<uint8_t*>(in), n);
}

}  // namespace daxprop
