/* Memory accesses that may fault. SIGSEGV/SIGBUS raised inside a guarded call are observed
 * (signal, si_code, si_addr, si_addr_lsb) and end it; anywhere else they stay fatal. */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

/* volatile: stores around the copy must not be merged away (memcpy never reads them, the
 * signal handler does). */
static _Thread_local sigjmp_buf *volatile rt_jmp;
static _Thread_local struct rt_fault rt_last;
static _Thread_local int rt_installed;

static void rt_on_fault(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (!rt_jmp) {
    /* Not inside a guarded call: a real crash of the program itself. Die with the signal. */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  rt_last.sig = sig;
  rt_last.code = si->si_code;
  rt_last.addr = (uintptr_t)si->si_addr;
  rt_last.lsb = sig == SIGBUS && (si->si_code == BUS_MCEERR_AR || si->si_code == BUS_MCEERR_AO)
                    ? si->si_addr_lsb : 0;
  siglongjmp(*rt_jmp, 1);
}

void rt_guard_install(void) {
  const size_t sz = 64 * 1024;
  stack_t ss;
  struct sigaction sa;
  void *stack;
  if (rt_installed) return;
  stack = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (stack == MAP_FAILED) abort();
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = stack;
  ss.ss_size = sz;
  sigaltstack(&ss, NULL);
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = rt_on_fault;
  /* SA_NODEFER leaves the signal unblocked in the handler, so jumping out needs no mask
   * restore (savemask 0 saves a syscall per access). */
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  rt_installed = 1;
}

uint64_t rt_guarded_copy(uint8_t *mapped, uint8_t *buf, uint64_t n, int write, struct rt_fault *f) {
  volatile uint64_t done = 0;
  sigjmp_buf env;
  rt_guard_install();
  memset(f, 0, sizeof *f);
  if (sigsetjmp(env, 0)) {
    rt_jmp = NULL;
    *f = rt_last;
    return done;
  }
  rt_jmp = &env;
  /* 1, 2, 4 or 8 naturally aligned bytes: one load or store instruction (memcpy may store some
   * bytes twice, overlapping), so a racing thread sees all of it or none. */
  if ((n == 1 || n == 2 || n == 4 || n == 8) && ((uintptr_t)mapped & (n - 1)) == 0) {
    if (n == 1) {
      if (write) *(volatile uint8_t *)mapped = buf[0];
      else buf[0] = *(volatile uint8_t *)mapped;
    } else if (n == 2) {
      uint16_t v;
      if (write) { memcpy(&v, buf, 2); *(volatile uint16_t *)mapped = v; }
      else { v = *(volatile uint16_t *)mapped; memcpy(buf, &v, 2); }
    } else if (n == 4) {
      uint32_t v;
      if (write) { memcpy(&v, buf, 4); *(volatile uint32_t *)mapped = v; }
      else { v = *(volatile uint32_t *)mapped; memcpy(buf, &v, 4); }
    } else {
      uint64_t v;
      if (write) { memcpy(&v, buf, 8); *(volatile uint64_t *)mapped = v; }
      else { v = *(volatile uint64_t *)mapped; memcpy(buf, &v, 8); }
    }
    done = n;
  }
  while (done < n) {
    uintptr_t a = (uintptr_t)mapped + done;
    uint64_t chunk = 4096 - (a & 4095);
    if (chunk > n - done) chunk = n - done;
    if (write) memcpy(mapped + done, buf + done, chunk);
    else memcpy(buf + done, mapped + done, chunk);
    done = done + chunk;
  }
  rt_jmp = NULL;
  return done;
}

uint64_t rt_thread_faults(void) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  return (uint64_t)ru.ru_minflt + (uint64_t)ru.ru_majflt;
}

#define RT_UNIT ((uintptr_t)2 << 20)

uint64_t rt_probe_units(const uint8_t *mapped, uint64_t n) {
  const uintptr_t start = (uintptr_t)mapped;
  return (start + n - (start & ~(RT_UNIT - 1)) + RT_UNIT - 1) / RT_UNIT + 1;
}

uint64_t rt_probe(uint8_t *mapped, uint64_t n, int store, uint32_t *faults, struct rt_fault *f) {
  const uintptr_t start = (uintptr_t)mapped, end = start + n;
  volatile uintptr_t a = start;
  volatile uint64_t units = 0;
  sigjmp_buf env;
  rt_guard_install();
  memset(f, 0, sizeof *f);
  /* Faults that are not the probe's must happen before the first count. After a fork the stack
   * is copy-on-write (the rusage the kernel fills, a return address): one measurement first,
   * from the same frame depth as the ones that count. And a forked process has no page table
   * entries for its text (fork copies none for file VMAs without anon_vma): fault this loop's
   * code in now, or its first instruction fetch is counted against the first unit. */
  (void)rt_thread_faults();
  madvise((void *)((uintptr_t)&rt_probe & ~(uintptr_t)4095), 2 * 4096, MADV_POPULATE_READ);
  if (sigsetjmp(env, 0)) {
    rt_jmp = NULL;
    *f = rt_last;
    return units;
  }
  rt_jmp = &env;
  while (a < end) {
    uintptr_t unit_end = (a & ~(RT_UNIT - 1)) + RT_UNIT;
    const uint64_t before = rt_thread_faults();
    if (unit_end > end) unit_end = end;
    while (a < unit_end) {
      volatile uint8_t *q = (volatile uint8_t *)a;
      uint8_t v = *q;
      if (store) *q = v;
      a = (a & ~(uintptr_t)4095) + 4096;
    }
    faults[units] = (uint32_t)(rt_thread_faults() - before);
    units = units + 1;
  }
  rt_jmp = NULL;
  return units;
}

long rt_guarded_madvise(uint8_t *a, uint64_t len, int advice, struct rt_fault *f) {
  sigjmp_buf env;
  long rc;
  int e;
  rt_guard_install();
  memset(f, 0, sizeof *f);
  if (sigsetjmp(env, 0)) {
    rt_jmp = NULL;
    *f = rt_last;
    return 0;
  }
  rt_jmp = &env;
  rc = madvise(a, len, advice);
  e = errno;
  rt_jmp = NULL;
  errno = e;
  return rc;
}
