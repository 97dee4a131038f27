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
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../stacks.h"

/* Where the child is, for the watchdog: phase 0 setup, 1 op `op`, 2 teardown. */
static struct rt_progress { volatile int phase, op, rep; } *rt_prog;

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
/* `what` the ops that ran since the last check ("op 3 (map ...)"); NULL: the teardown. */
static void rt_kmsg_check(const char *what) {
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
    if (what) printf("REPRO: kernel log during %s: %s\n", what, msg);
    else printf("REPRO: kernel log after the last op (the teardown): %s\n", msg);
    exit(1);
  }
}

static void rt_kmsg_check_op(const struct rt_trace *t, int k) {
  char what[600];
  snprintf(what, sizeof what, "op %d (%.500s)", k + 1, t->names[k]);
  rt_kmsg_check(what);
}

/* Test equipment, not the kernel under test: nothing to reproduce here. */
static int rt_setup_error(const struct rt_trace *t, int k, const struct rt_outcome *o) {
  const int kind = t->ops[k].kind;
  printf("SETUP: op %d (%s): %s: %s\n", k + 1, t->names[k],
         kind == RT_HOLD_READ ? "cannot hold a read in flight: a dm-delay device over a loop "
                                "device (needs root and the loop, dm_mod and dm_delay modules)"
         : kind == RT_PIN ? "no scratch block device for O_DIRECT: a loop device over a memfd "
                            "(needs root and the loop module)"
                          : "no KVM here (/dev/kvm)",
         strerror(o->err));
  return RT_SETUP_FAILED;
}

/* Runs op k and checks it against `e`: 0, RT_SETUP_FAILED, or exit(1) after saying what differed. */
static int rt_run_checked(const struct rt_trace *t, struct rt_ctx *c, int k,
                          const struct rt_expect *e, const char *prefix) {
  struct rt_outcome o;
  struct rt_diff d;
  rt_prog->op = k;
  rt_prog->phase = 1;
  rt_kmsg_mark(k, t->names[k]);
  rt_exec(c, &t->ops[k], &o);
  if (o.setup_error) return rt_setup_error(t, k, &o);
  if (rt_check(&t->ops[k], e, &o, &d) != RT_SAME) {
    char why[1024];
    rt_diff_text(e, &o, &d, why, sizeof why);
    printf("REPRO: %sop %d (%s): %s\n", prefix, k + 1, t->names[k], why);
    exit(1);
  }
  rt_kmsg_check_op(t, k);
  rt_outcome_free(&o);
  return 0;
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
    /* A self-test of the watchdog: stall in op N as a hung kernel would. */
    if (stall && atoi(stall) == k + 1) {
      rt_prog->op = k;
      rt_prog->phase = 1;
      for (;;) pause();
    }
    if ((rc = rt_run_checked(t, &ctx, k, &t->expected[k], ""))) return rc;
  }
  rt_prog->phase = 2;
  /* The pins, mappings and peers go away; their teardown is part of the case, as in daxprop. */
  rt_ctx_close(&ctx);
  rt_kmsg_check(NULL);
  printf("OK: all ops behaved as expected\n");
  return 0;
}

/* ---- a racing trace ---- */

struct rt_racer {
  struct rt_ctx *c;
  const struct rt_op *ops;
  int n;
  struct rt_outcome *out;
  int *ready, *go;
};

/* One thread of the section: ready, spin until all are (a spin, so none is still waking up when
 * the others start), then its ops one after another. */
static void *rt_racer_main(void *p) {
  struct rt_racer *r = p;
  int i;
  rt_guard_install();
  __atomic_add_fetch(r->ready, 1, __ATOMIC_SEQ_CST);
  for (i = 0; !__atomic_load_n(r->go, __ATOMIC_ACQUIRE); i++) {
    if (i > 1000) sched_yield(); /* fewer CPUs than threads: let the others get ready */
  }
  for (i = 0; i < r->n; i++) rt_exec(r->c, &r->ops[i], &r->out[i]);
  return NULL;
}

void rt_late_writes(const struct rt_op *ops, int n_prefix, int n_section, const int *went_through,
                    int fd, uint64_t obj_base) {
  const struct rt_op *section = ops + n_prefix;
  int i, k, truncates = 0;
  for (i = 0; i < n_section; i++) truncates |= section[i].kind == RT_TRUNCATE;
  for (i = 0; truncates && fd >= 0 && i < n_section; i++) {
    const struct rt_op *w = &section[i], *map = NULL;
    uint8_t *bytes;
    if (w->kind != RT_WRITE || !went_through[i]) continue;
    for (k = 0; k < n_prefix; k++) {
      if (ops[k].h != w->h) continue;
      if (ops[k].kind == RT_MAP) map = &ops[k];
      if (ops[k].kind == RT_MREMAP) map = NULL;
    }
    if (!map || (map->flags & MAP_ANONYMOUS) || (map->flags & MAP_TYPE) == MAP_PRIVATE) continue;
    bytes = malloc(w->len ? w->len : 1);
    if (!bytes) continue;
    rt_pattern_fill(w->pat, 0, bytes, w->len);
    if (pwrite(fd, bytes, w->len, (off_t)(obj_base + map->off + w->off)) < 0) { /* nothing to write to */ }
    free(bytes);
  }
}

/* The world that explains the outcomes o[0, n): its number, or -1 (then *best is the world
 * that explains the most of them and *miss the first op it does not). */
static int rt_explained(const struct rt_trace *t, const struct rt_outcome *o, int *best, int *miss) {
  const struct rt_race *r = t->race;
  const int first = r->n_prefix, n = t->n - first;
  int w, i, most = -1;
  for (w = 0; w < r->n_worlds; w++) {
    const int *row = r->worlds + (size_t)w * n;
    int same = 0, at = -1;
    for (i = 0; i < n; i++) {
      struct rt_diff d;
      if (rt_check(&t->ops[first + i], &r->alts[row[i]], &o[i], &d) == RT_SAME) same++;
      else if (at < 0) at = i;
    }
    if (at < 0) return w;
    if (same > most) {
      most = same;
      *best = w;
      *miss = at;
    }
  }
  return -1;
}

/* What repetition `rep` observed, against the world closest to it. */
static void rt_race_report(const struct rt_trace *t, int rep, const struct rt_outcome *o, int best, int miss) {
  const struct rt_race *r = t->race;
  const int first = r->n_prefix, n = t->n - first;
  const int *row = r->worlds + (size_t)best * n;
  int i;
  printf("REPRO: repetition %d: no order of the ops of the parallel section %s explains what it "
         "observed (%d outcomes a correct kernel may show, checked)\n", rep + 1, r->section, r->n_worlds);
  for (i = 0; i < n; i++) {
    struct rt_diff d;
    char why[1024];
    if (rt_check(&t->ops[first + i], &r->alts[row[i]], &o[i], &d) == RT_SAME) {
      snprintf(why, sizeof why, "as expected");
    } else {
      rt_diff_text(&r->alts[row[i]], &o[i], &d, why, sizeof why);
    }
    printf("REPRO:   %s %s: %s%s\n", i < n - r->n_reads ? "section" : "final read", t->names[first + i],
           why, i == miss ? "   <- the closest order's first disagreement" : "");
  }
}

static int rt_race_child(const struct rt_trace *t, int argc, char **argv) {
  const struct rt_race *r = t->race;
  const char *e = getenv("REPRO_REPS");
  const int late = getenv("REPRO_SELFTEST_LATE_WRITE") != NULL;
  const int n = t->n - r->n_prefix, n_sec = n - r->n_reads;
  char section[700];
  int reps = r->reps, rep, k, rc, reproduced = 0;
  struct rt_outcome *o = calloc((size_t)n + 1, sizeof *o);
  struct rt_racer *racers = calloc((size_t)r->n_threads, sizeof *racers);
  pthread_t *tids = calloc((size_t)r->n_threads, sizeof *tids);
  int *went_through = calloc((size_t)n + 1, sizeof *went_through);
  if (!o || !racers || !tids || !went_through) { perror("calloc"); return RT_SETUP_FAILED; }
  if (e && *e) {
    char *end;
    long v = strtol(e, &end, 10);
    if (*end || v < 1 || v > 1000000) {
      printf("SETUP: REPRO_REPS: not a number of repetitions (1 to 1000000): %s\n", e);
      return RT_SETUP_FAILED;
    }
    reps = (int)v;
  }
  snprintf(section, sizeof section, "the parallel section %.600s", r->section);
  signal(SIGPIPE, SIG_IGN);
  rt_guard_install();
  rt_kmsg_start();
  for (rep = 0; rep < reps; rep++) {
    struct rt_ctx ctx;
    int ready = 0, go = 0, at = r->n_prefix, best = 0, miss = 0;
    char label[40];
    snprintf(label, sizeof label, "repetition %d: ", rep + 1);
    rt_prog->rep = rep;
    rt_prog->phase = 0;
    /* Each repetition on a fresh object, as daxprop runs it. */
    rt_ctx_init(&ctx, -1, 0, t->unit);
    ctx.check_gate = 1;
    if ((rc = t->setup(&ctx, argc, argv))) return rc;
    for (k = 0; k < r->n_prefix; k++) {
      if ((rc = rt_run_checked(t, &ctx, k, &t->expected[k], label))) return rc;
    }
    rt_prog->op = r->n_prefix;
    rt_prog->phase = 1;
    rt_kmsg_mark(r->n_prefix, section);
    for (k = 0; k < r->n_threads; k++) {
      racers[k] = (struct rt_racer){&ctx, t->ops + at, r->thread_len[k], o + (at - r->n_prefix), &ready, &go};
      at += r->thread_len[k];
      if (pthread_create(&tids[k], NULL, rt_racer_main, &racers[k])) {
        printf("SETUP: pthread_create failed\n");
        return RT_SETUP_FAILED;
      }
    }
    while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < r->n_threads) sched_yield();
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    for (k = 0; k < r->n_threads; k++) pthread_join(tids[k], NULL);
    for (k = 0; k < n_sec; k++) {
      if (o[k].setup_error) return rt_setup_error(t, r->n_prefix + k, &o[k]);
    }
    rt_kmsg_check(section);
    if (late) {
      for (k = 0; k < n_sec; k++) went_through[k] = o[k].kind == RT_OK;
      rt_late_writes(t->ops, r->n_prefix, n_sec, went_through, ctx.fd, ctx.obj_base);
    }
    for (k = n_sec; k < n; k++) {
      rt_prog->op = r->n_prefix + k;
      rt_kmsg_mark(r->n_prefix + k, t->names[r->n_prefix + k]);
      rt_exec(&ctx, &t->ops[r->n_prefix + k], &o[k]);
      rt_kmsg_check_op(t, r->n_prefix + k);
    }
    if (rt_explained(t, o, &best, &miss) < 0) {
      if (!reproduced) rt_race_report(t, rep, o, best, miss);
      reproduced++;
    }
    for (k = 0; k < n; k++) rt_outcome_free(&o[k]);
    rt_prog->phase = 2;
    rt_ctx_close(&ctx);
    if (ctx.fd >= 0) close(ctx.fd);
    rt_kmsg_check(NULL);
  }
  if (reproduced) printf("REPRO: reproduced %d/%d: %d of %d repetitions showed what no order explains\n",
                         reproduced, reps, reproduced, reps);
  else printf("OK: reproduced 0/%d: an order of the section's ops explains every repetition\n", reps);
  return reproduced ? 1 : 0;
}

/* Where the child is, in words: "op 3 (map ...)", or the section and the repetition. */
static void rt_where(const struct rt_trace *t, int op, char *buf, size_t cap) {
  const struct rt_race *r = t->race;
  if (r && op == r->n_prefix && op < t->n - r->n_reads) {
    snprintf(buf, cap, "the parallel section %s, repetition %d", r->section, rt_prog->rep + 1);
  } else if (r) {
    snprintf(buf, cap, "op %d (%s), repetition %d", op + 1, t->names[op], rt_prog->rep + 1);
  } else {
    snprintf(buf, cap, "op %d (%s)", op + 1, t->names[op]);
  }
}

static double rt_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int rt_repro_main(const struct rt_trace *t, int argc, char **argv) {
  const char *e = getenv("REPRO_TIMEOUT");
  double limit = t->timeout_s, since;
  int st, i, phase = 0, op = -1, rep = 0;
  char where[1024];
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
    exit(t->race ? rt_race_child(t, argc, argv) : rt_repro_child(t, argc, argv));
  }
  setpgid(pid, pid);
  since = rt_now();
  while (waitpid(pid, &st, WNOHANG) == 0) {
    if (rt_prog->phase != phase || rt_prog->op != op || rt_prog->rep != rep) {
      phase = rt_prog->phase;
      op = rt_prog->op;
      rep = rt_prog->rep;
      since = rt_now();
    }
    if (rt_now() - since > limit) {
      if (phase == 0) printf("SETUP: the setup did not finish in %g s\n", limit);
      else if (phase == 1) {
        rt_where(t, op, where, sizeof where);
        printf("REPRO: hang in %s: still running after %g s\n", where, limit);
      }
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
      rt_where(t, rt_prog->op, where, sizeof where);
      printf("REPRO: the reproducer was killed by signal %d (%s) in %s\n", WTERMSIG(st),
             strsignal(WTERMSIG(st)), where);
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
