/* A reproducer's main loop: set up, carry the trace's ops out as daxprop does (rt_exec), check
 * each outcome (rt_check) and the kernel log after it, tear down; all in a child a watchdog
 * parent watches. A kernel stuck in a retry loop only gives way to SIGKILL, so a hang is told
 * by the parent, named by the op the child is in. */
#define _GNU_SOURCE
#include "rt_repro.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../stacks.h"

/* Where the child is, for the watchdog: phase 0 setup, 1 op `op`, 2 teardown. */
static struct rt_progress { volatile int phase, op; } *rt_prog;

/* Kernel health, as daxprop judges it: a new kernel-log record matching one of
 * rt_bad_patterns while the ops ran is a finding, named by the op it was logged during.
 * Without /dev/kmsg (not root) this check is skipped and says so. */
static int rt_kmsg_fd = -1;
static void rt_kmsg_start(void) {
  rt_kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (rt_kmsg_fd < 0) {
    fprintf(stderr, "note: /dev/kmsg not readable: kernel log not checked\n");
    return;
  }
  lseek(rt_kmsg_fd, 0, SEEK_END);
}
/* Each op is named in the kernel log before it runs: after a panic, the console says which. */
static void rt_kmsg_mark(int k, const char *name) {
  char rec[600];
  int w = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
  if (w < 0) return;
  snprintf(rec, sizeof rec, "<5>daxprop-repro: op %d (%.500s)\n", k + 1, name);
  if (write(w, rec, strlen(rec)) < 0) { /* no kernel log: nothing to mark */ }
  close(w);
}
static void rt_kmsg_check(const struct rt_trace *t, int k) {
  char rec[8192];
  ssize_t n;
  if (rt_kmsg_fd < 0) return;
  while ((n = read(rt_kmsg_fd, rec, sizeof rec - 1)) != 0) {
    char *msg, *nl;
    if (n < 0) { if (errno == EPIPE) continue; break; }
    rec[n] = 0;
    msg = strchr(rec, ';');
    msg = msg ? msg + 1 : rec;
    if ((nl = strchr(msg, '\n'))) *nl = 0;
    if (!rt_bad_match(msg)) continue;
    if (k >= 0) printf("REPRO: kernel log during op %d (%s): %s\n", k + 1, t->names[k], msg);
    else printf("REPRO: kernel log after the last op (the teardown): %s\n", msg);
    exit(1);
  }
}

static int rt_repro_child(const struct rt_trace *t, int argc, char **argv) {
  const char *stall = getenv("REPRO_SELFTEST_HANG");
  struct rt_ctx ctx;
  int k, rc;
  signal(SIGPIPE, SIG_IGN);
  rt_guard_install();
  rt_kmsg_start();
  rt_ctx_init(&ctx, -1, 0, t->unit);
  ctx.check_gate = 1;
  rc = t->setup(&ctx, argc, argv);
  if (rc) return rc;
  for (k = 0; k < t->n; k++) {
    struct rt_outcome o;
    struct rt_diff d;
    rt_prog->op = k;
    rt_prog->phase = 1;
    /* A self-test of the watchdog: stall in op N as a hung kernel would. */
    if (stall && atoi(stall) == k + 1) for (;;) pause();
    rt_kmsg_mark(k, t->names[k]);
    rt_exec(&ctx, &t->ops[k], &o);
    if (o.setup_error) {
      /* Test equipment, not the kernel under test: nothing to reproduce here. */
      const int kind = t->ops[k].kind;
      printf("SETUP: op %d (%s): %s: %s\n", k + 1, t->names[k],
             kind == RT_HOLD_READ ? "cannot hold a read in flight: a dm-delay device over a loop "
                                    "device (needs root and the loop, dm_mod and dm_delay modules)"
             : kind == RT_PIN ? "no scratch block device for O_DIRECT: a loop device over a memfd "
                                "(needs root and the loop module)"
                              : "no KVM here (/dev/kvm)",
             strerror(o.err));
      return RT_SETUP_FAILED;
    }
    if (rt_check(&t->ops[k], &t->expected[k], &o, &d) != RT_SAME) {
      char why[1024];
      rt_diff_text(&t->expected[k], &o, &d, why, sizeof why);
      printf("REPRO: op %d (%s): %s\n", k + 1, t->names[k], why);
      exit(1);
    }
    rt_kmsg_check(t, k);
    rt_outcome_free(&o);
  }
  rt_prog->phase = 2;
  /* The pins, mappings and peers go away; their teardown is part of the case, as in daxprop. */
  rt_ctx_close(&ctx);
  rt_kmsg_check(t, -1);
  printf("OK: all ops behaved as expected\n");
  return 0;
}

static double rt_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int rt_repro_main(const struct rt_trace *t, int argc, char **argv) {
  const char *e = getenv("REPRO_TIMEOUT");
  double limit = t->timeout_s, since;
  int st, i, phase = 0, op = -1;
  pid_t pid;
  if (e && *e) {
    char *end;
    limit = strtod(e, &end);
    if (*end || !(limit > 0)) {
      fprintf(stderr, "REPRO_TIMEOUT: not a number of seconds: %s\n", e);
      return RT_SETUP_FAILED;
    }
  }
  rt_prog = mmap(NULL, sizeof *rt_prog, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (rt_prog == MAP_FAILED) { perror("mmap"); return RT_SETUP_FAILED; }
  rt_prog->op = -1;
  fflush(stdout);
  pid = fork();
  if (pid < 0) { perror("fork"); return RT_SETUP_FAILED; }
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    exit(rt_repro_child(t, argc, argv));
  }
  setpgid(pid, pid);
  since = rt_now();
  while (waitpid(pid, &st, WNOHANG) == 0) {
    if (rt_prog->phase != phase || rt_prog->op != op) {
      phase = rt_prog->phase;
      op = rt_prog->op;
      since = rt_now();
    }
    if (rt_now() - since > limit) {
      if (phase == 0) printf("SETUP: the setup did not finish in %g s\n", limit);
      else if (phase == 1) printf("REPRO: hang in op %d (%s): still running after %g s\n", op + 1, t->names[op], limit);
      else printf("REPRO: hang in the teardown after the last op: still running after %g s\n", limit);
      if (phase != 0) {
        /* Where it sleeps in the kernel, before the kill takes it out of there. */
        char *ks = ks_report(pid);
        if (ks) printf("REPRO: kernel stacks of the hung reproducer:\n%s", ks);
        free(ks);
      }
      fflush(stdout);
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      for (i = 0; i < 50 && waitpid(pid, &st, WNOHANG) == 0; i++) usleep(100000);
      if (i == 50) printf("note: the process does not die (stuck in the kernel); left behind\n");
      return phase == 0 ? RT_SETUP_FAILED : 1;
    }
    usleep(20000);
  }
  if (WIFSIGNALED(st)) {
    if (rt_prog->phase == 1) {
      printf("REPRO: the reproducer was killed by signal %d (%s) in op %d (%s)\n", WTERMSIG(st),
             strsignal(WTERMSIG(st)), rt_prog->op + 1, t->names[rt_prog->op]);
    } else {
      printf("%s: the reproducer was killed by signal %d (%s) in the %s\n",
             rt_prog->phase ? "REPRO" : "SETUP", WTERMSIG(st), strsignal(WTERMSIG(st)),
             rt_prog->phase ? "teardown" : "setup");
    }
    return rt_prog->phase == 0 ? RT_SETUP_FAILED : 1;
  }
  st = WEXITSTATUS(st);
  if (st == RT_SETUP_FAILED) printf("SETUP: cannot set up here (see above): exit 125, git bisect run skips it\n");
  return st == 0 || st == 1 ? st : RT_SETUP_FAILED;
}
