/* A reproducer's trace as data and its main loop (rt_repro.c). */
#ifndef DAXPROP_RT_REPRO_H
#define DAXPROP_RT_REPRO_H

#include <linux/memfd.h>
#include <sys/mman.h>

#include "rt.h"

#ifndef MFD_HUGETLB
#define MFD_HUGETLB 4U
#endif
#ifndef MFD_HUGE_2MB
#define MFD_HUGE_2MB (21U << 26)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Exit status: 0 the kernel behaves, 1 the bug shows (a hang included), RT_SETUP_FAILED (125,
 * "skip" to git bisect run) the reproducer cannot set itself up here. */
#define RT_SETUP_FAILED 125
#define SETUP_FAILED RT_SETUP_FAILED

/* A racing trace (its ops: the case's, each thread's, the final reads, in that order). Each
 * repetition, on a fresh object, runs the case's ops (each checked against expected[]), then
 * the threads, released together, then the final reads; what the section's ops and the reads
 * showed must be one of the worlds: what a correct kernel shows for some order of those ops. */
struct rt_race {
  int n_prefix, n_threads;
  const int *thread_len;
  int n_reads;
  int reps;                       /* repetitions (REPRO_REPS overrides) */
  const struct rt_expect *alts;   /* the expectations the worlds point to */
  int n_worlds;
  const int *worlds;              /* n_worlds rows: one index into alts per section op and read */
  const char *section;            /* the section in words */
};

struct rt_trace {
  int n;
  const struct rt_op *ops;
  const struct rt_expect *expected;
  const char *const *names; /* each op as the trace writes it */
  uint64_t unit;            /* the backing's mapping unit */
  double timeout_s;         /* an op still running after this (REPRO_TIMEOUT overrides) hangs */
  /* Makes the object (an rt_setup_* call): sets c->fd (and c->obj_base); 0, or RT_SETUP_FAILED
   * saying why. */
  int (*setup)(struct rt_ctx *c, int argc, char **argv);
  const struct rt_race *race; /* NULL: a sequential trace */
};

int rt_repro_main(const struct rt_trace *t, int argc, char **argv);

/* A simulated kernel bug (daxprop --inject late-write, a reproducer's REPRO_SELFTEST_LATE_WRITE):
 * after a parallel section with a truncate, every store of it through a shared mapping of the
 * file that went through (went_through[i]) reaches the file again at its offset, as if it landed
 * after the truncate. ops: the case's n_prefix ops (where the mappings come from), then the
 * section's n_section. */
void rt_late_writes(const struct rt_op *ops, int n_prefix, int n_section, const int *went_through,
                    int fd, uint64_t obj_base);

/* Making the object (rt_setup.c): 0, or RT_SETUP_FAILED after saying why. */
int rt_setup_memfd(struct rt_ctx *c, unsigned flags, uint64_t size);
int rt_setup_tmpfile(struct rt_ctx *c, const char *dir, uint64_t size, int allocate);
int rt_setup_devdax(struct rt_ctx *c, const char *dev, uint64_t zero_len);
int rt_setup_vfio(struct rt_ctx *c, const char *bdf, unsigned index, uint64_t zero_len);

#ifdef __cplusplus
}
#endif

#endif
