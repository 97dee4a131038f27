/* The kernel-log records daxprop judges by: the only copy of these lists. daxprop's kernel
 * health check (src/kmsg.cc), its reproducers and the VM's console verdict (runners/vm/boot
 * reads rt_panic_patterns from this file: one quoted pattern per line) all use them. */
#define _GNU_SOURCE
#include "rt.h"

#include <string.h>

/* A new record containing one of these while a case ran fails the case. Debug kernels
 * (runners/kernel-debug.config): KASAN, KFENCE and KMSAN report as "BUG:", lockdep and
 * DEBUG_VM's VM_WARN as "WARNING:"; the last three are the hung-task and RCU stall detectors'
 * "INFO:" lines. */
const char *const rt_bad_patterns[] = {
    "WARNING:",
    "BUG:",
    "Oops",
    "Bad page",
    "bad pmd",
    "bad pud",
    "kernel BUG",
    "general protection fault",
    "Kernel panic",
    "list_del corruption",
    "UBSAN:",
    "blocked for more than",
    "detected stalls on CPUs",
    "self-detected stall on CPU",
    NULL};

/* A console line containing one of these says the kernel died (a panic, an Oops, a BUG). */
const char *const rt_panic_patterns[] = {
    "Kernel panic",
    "Oops:",
    "BUG:",
    NULL};

const char *rt_bad_match(const char *msg) {
  int i;
  for (i = 0; rt_bad_patterns[i]; i++) {
    if (strstr(msg, rt_bad_patterns[i])) return rt_bad_patterns[i];
  }
  return NULL;
}
