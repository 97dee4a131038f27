/* daxprop reproducer (generated; needs no daxprop to build or run).
 * property regress on backing devdax_1g, recorded on kernel 6.12.118, seed 0.
 * build: cc -O1 -o repro repro.c    run: ./repro ARGS
 * before running: run on a device-dax device with align 1024M (default /dev/dax0.0; another as the first argument); its first 0x40000000 bytes are zeroed
 * Exit status (ready for git bisect run): 0 and "OK" when this kernel does what the trace
 * says a correct kernel does; 1 and "REPRO: ..." when it does not: an op's outcome, a
 * kernel-log report, or a hang (an op still running after REPRO_TIMEOUT seconds, default
 * 60: "REPRO: hang in op N"); 125 and "SETUP: ..." when it cannot set itself up
 * here (no device, module or privilege): bisect skips that kernel.
 * The program is daxprop's own runtime (src/rt/ and the helpers it uses: the same code
 * that ran the trace in the suite) followed by the trace as data, at the end.
 *
 * The trace:
 *   map m0 len=0x40000000 off=0x0 prot=rw flags=shared
 *   write m0+0x0 len=0x8 pat=0x7
 *   mprotect m0+0x0 len=0x40000000 prot=none
 *   mprotect m0+0x0 len=0x40000000 prot=r
 *   read m0+0x0 len=0x8
 */
#define _GNU_SOURCE
#define RT_NO_KVM
#define RT_NO_ODIRECT
#define RT_NO_GUP
#define RT_NO_HOLD

/* The runtime daxprop and its reproducers share (C, src/rt/): the ops as data, how each is
 * carried out (rt_exec.c), the fault guard (rt_guard.c), pattern bytes and CRC (rt_data.c), the
 * kernel-log patterns (rt_kmsg.c), the peer protocol of forked processes and the check of an
 * outcome against its expectation (rt_check.c). daxprop's executor and oracle call these
 * functions; a repro.c is these very files plus its trace's ops and expectations as data
 * (src/emit_c.cc), so a reproducer cannot drift from what the suite ran. */
#ifndef DAXPROP_RT_H
#define DAXPROP_RT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- pattern bytes and CRC (rt_data.c) ---- */
/* Position-dependent bytes: byte i of pattern `pat` (a page at the wrong offset is told apart
 * from the right one); out[k] gets byte first + k. */
void rt_pattern_fill(uint32_t pat, uint64_t first, uint8_t *out, uint64_t n);
/* CRC-32 (IEEE). */
uint32_t rt_crc32(const uint8_t *p, uint64_t n);

/* ---- the fault guard (rt_guard.c) ---- */
struct rt_fault {
  int sig, code, lsb; /* lsb: si_addr_lsb of a BUS_MCEERR_* SIGBUS, else 0 */
  uintptr_t addr;
};
/* Installs the SIGSEGV/SIGBUS handlers and this thread's alternate signal stack (idempotent per
 * thread). A signal outside a guarded call stays fatal. */
void rt_guard_install(void);
/* Copies n bytes between `mapped` and `buf` one 4 KiB page of the mapping at a time, so a fault
 * stops on a page boundary with everything before it moved. Returns the bytes moved; *f gets
 * the fault (sig 0: none). 1, 2, 4 or 8 naturally aligned bytes are one load or store
 * instruction (a racing thread sees all of them or none). */
uint64_t rt_guarded_copy(uint8_t *mapped, uint8_t *buf, uint64_t n, int write, struct rt_fault *f);
/* Touches the first byte of every 4 KiB page of [mapped, mapped + n) in address order (a load;
 * with `store`, a store of the byte just loaded) and writes into faults[] the page faults this
 * thread took for each 2 MiB-aligned unit of address space touched, counted with
 * getrusage(RUSAGE_THREAD) (mm/memory.c mm_account_fault charges every completed fault to
 * current); faults[] has room for rt_probe_units(mapped, n). Returns the units completed; a
 * signal ends the probe as in a guarded copy. */
uint64_t rt_probe_units(const uint8_t *mapped, uint64_t n);
uint64_t rt_probe(uint8_t *mapped, uint64_t n, int store, uint32_t *faults, struct rt_fault *f);
uint64_t rt_thread_faults(void);
/* madvise(2) under the guard: MADV_HWPOISON signals the caller before it returns. Returns
 * madvise's value (-1 with errno) when no signal came. */
long rt_guarded_madvise(uint8_t *a, uint64_t len, int advice, struct rt_fault *f);

/* ---- the kernel-log patterns (rt_kmsg.c) ---- */
/* A record containing one of these says the kernel is unwell (NULL-terminated). */
extern const char *const rt_bad_patterns[];
/* The ones a panicked or oopsed kernel prints on the console (the VM's verdict). */
extern const char *const rt_panic_patterns[];
/* The first bad pattern `msg` contains, or NULL. */
const char *rt_bad_match(const char *msg);

/* ---- the ops as data ---- */
#define RT_KINDS(X)                                                                        \
  X(MAP) X(UNMAP) X(MPROTECT) X(MREMAP) X(MADVISE) X(MSYNC) X(WRITE) X(READ) X(PWRITE) X(PREAD) \
  X(TRUNCATE) X(PUNCH) X(FORK) X(PROBE) X(PIN) X(KVM_SLOT) X(KVM_ACCESS) X(KVM_DIRTY)          \
  X(HOLD_READ) X(RELEASE) X(SIB_WRITE) X(SIB_READ)
#define RT_KIND_ENUM(k) RT_##k,
enum rt_kind { RT_KINDS(RT_KIND_ENUM) RT_NKINDS };
/* "RT_MAP", ...: how a reproducer spells each kind. */
extern const char *const rt_kind_names[RT_NKINDS];
/* How a pin reaches the mapping's pages (the trace's `via=`): one row each. */
enum rt_via {
  RT_VIA_IO_URING, RT_VIA_PVM_READ, RT_VIA_PROC_MEM, RT_VIA_ODIRECT_READ, RT_VIA_ODIRECT_WRITE,
  RT_VIA_PVM_WRITE, RT_VIA_PROC_MEM_WRITE, RT_VIA_VMSPLICE, RT_VIA_IO_URING_WRITE, RT_NVIAS
};
enum rt_path { RT_PATH_GUP, RT_PATH_IO_URING, RT_PATH_ODIRECT };
struct rt_via_row {
  const char *name; /* as the trace spells it */
  int path;         /* enum rt_path */
  int method;       /* GUP: enum gc_method; io_uring, O_DIRECT: 1 = from the mapping to a file */
  int reads;        /* reports the bytes it read from the mapping */
  int stores;       /* stores `pat` bytes into the mapping */
};
extern const struct rt_via_row rt_vias[RT_NVIAS];

/* One op. Fields by kind (unused ones are 0):
 *  map: h, len, off (object offset), prot, flags (MAP_*), a = misalign from the slot address
 *  unmap, mprotect (prot), madvise (arg = advice), msync (arg = MS_*): h, off, len
 *  mremap: h, a = new length, b = old length (0: the mapping's whole length), arg = 1: FIXED
 *  write (pat), read, probe (arg = 1: store): proc, h, off, len
 *  pwrite (pat), pread: off, len (object offsets);  truncate: a = size;  punch: off, len
 *  fork: proc;  pin: h, off, len, arg = enum rt_via, pat
 *  kvm_slot: slot, h, off, len, arg = KG_READONLY | KG_LOG_DIRTY;  kvm_dirty: slot
 *  kvm_access: slot, off, len, arg = 1: write, pat
 *  hold_read: h, off, len, pat;  release;  sibling_write: len, pat;  sibling_read: len */
struct rt_op {
  int kind, proc, h, slot, prot, arg;
  uint32_t flags, pat;
  uint64_t off, len, a, b;
};
/* The features an op needs (a reproducer carries only those): */
enum { RT_F_KVM = 1, RT_F_ODIRECT = 2, RT_F_GUP = 4, RT_F_HOLD = 8 };
int rt_op_features(const struct rt_op *op);

/* ---- outcomes ---- */
enum rt_outcome_kind { RT_OK = 0, RT_ERR = 1, RT_SIG = 2 };
struct rt_outcome {
  int kind, err, sig, code, lsb;
  uint64_t fault_off;  /* SIG: the faulting 4 KiB page as an offset from the mapping's start */
  int has_n;
  uint64_t n;          /* bytes moved */
  int has_data;        /* the op reports bytes: data[0, data_len) (malloc'd) */
  uint8_t *data;
  uint64_t data_len;
  uint32_t *faults;    /* probe: page faults per 2 MiB unit (malloc'd) */
  uint64_t n_faults;
  int has_mmio;        /* kvm: the guest stopped in an MMIO exit at slot offset mmio */
  uint64_t mmio;
  int has_pages;       /* kvm: pages_4k, pages_2m, pages_1g after the access */
  uint64_t pages[3];
  uint64_t *dirty;     /* kvm_dirty: the pages the log reports, ascending (malloc'd) */
  uint64_t n_dirty;
  int held;            /* truncate/punch: held back by a pinned page (still running) */
  int setup_error;     /* ERR because test equipment is missing (scratch device, gate, KVM) */
};
void rt_outcome_free(struct rt_outcome *o);

/* ---- carrying ops out (rt_exec.c) ---- */
/* Mappings live at fixed, far-apart slots so a hole left by munmap is never reused by another
 * mapping of the case: the slot of handle h, and the targets of MREMAP_FIXED moves. */
#define RT_SLOT_BASE 0x200000000000ULL
#define RT_MOVE_BASE 0x300000000000ULL
#define RT_SLOT_STRIDE (4ULL << 30)
/* Handles 0..RT_MAX_HANDLES-1: their slots end below the moves' targets (2048 x 4 GiB = 8 TiB). */
#define RT_MAX_HANDLES 2048
#define RT_MAX_PEERS 8
struct rt_ctx;
typedef void (*rt_run_fn)(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o);
struct rt_ctx {
  int fd;             /* the backing object (-1: anonymous memory) */
  uint64_t obj_base;  /* added to every object offset: where the object starts (a VFIO region) */
  uint64_t unit;      /* the backing's mapping unit: a VMA's length is rounded up to it */
  int check_gate;     /* probe the held read's gate before its first use (a reproducer) */
  uint8_t *maps[RT_MAX_HANDLES];
  uint64_t lens[RT_MAX_HANDLES];
  int moves;
  struct { int pid, to, from; } peers[RT_MAX_PEERS];
  int is_peer;
  struct kg_vm *kvm;
  uint64_t kvm_slot_len[4];
  struct od_dev *od;
  struct if_state *ifs;
  int sib_fd;
  /* What runs an op in this process (a peer too); NULL: rt_run_local. */
  rt_run_fn run;
  void *user;
};
void rt_ctx_init(struct rt_ctx *c, int fd, uint64_t obj_base, uint64_t unit);
/* Lets go of the case's pins (the held read, the KVM guest), its mappings and its peers. */
void rt_ctx_close(struct rt_ctx *c);
/* Where handle h's mapping starts (its slot when it has none). */
uint8_t *rt_addr(const struct rt_ctx *c, int h);
/* Carries `op` out where it belongs (a forked peer's op is sent to it) and fills *o. */
void rt_exec(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o);
/* Carries `op` out in this process. */
void rt_run_local(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o);

/* ---- expectations and the check (rt_check.c) ---- */
/* probe: the faults summed over units [first, first + n) must lie in [min, max]. */
struct rt_fbound {
  int first, n;
  uint32_t min, max;
  const char *why;
};
struct rt_expect {
  int kind, err, sig, code, lsb; /* lsb: si_addr_lsb of a BUS_MCEERR_* SIGBUS; 0: not judged */
  uint64_t fault_off;
  int has_n;
  uint64_t n;
  int has_mmio;
  uint64_t mmio;
  int held;
  int any_off;           /* the signal may name another mapping of the page: offset not judged */
  /* bytes: data[0, data_len), known[i] = 0 where the byte is unspecified (known NULL: all are);
   * or, for large reads, the CRC-32 of each 4 KiB block with the unspecified bytes (the
   * [from, to) pairs of unknown) counted as 0 */
  const uint8_t *data, *known;
  uint64_t data_len;
  const uint32_t *block_crc;
  const uint64_t *unknown;
  int n_unknown;
  int64_t units;         /* probe: units to report (-1: not judged) */
  const struct rt_fbound *bounds;
  int n_bounds;
  uint64_t kvm_min_2m, kvm_min_1g; /* kvm access: huge stage-2 mappings due */
  int kvm_stop;          /* kvm access: -EFAULT due; an MMIO exit at that byte keeps stale data out too */
  int alt_err[2];        /* other errnos the op may fail with instead (0: none), leaving the same
                          * state: io_uring's long-term pin of private COW copies on fs-dax, where
                          * GUP-fast takes what it can and the slow path refuses the VMA */
  const uint64_t *must_dirty; /* kvm_dirty: pages the log must report */
  int n_must;
  uint64_t slot_pages;   /* kvm_dirty: nothing past the slot's pages may be reported */
};
enum rt_diff_what {
  RT_SAME, RT_D_OUTCOME, RT_D_COUNT, RT_D_UNITS, RT_D_BOUND, RT_D_NO_PAGES, RT_D_LEVEL,
  RT_D_NOT_DIRTY, RT_D_DIRTY_PAST, RT_D_DATA_LEN, RT_D_BYTE, RT_D_BLOCK
};
struct rt_diff {
  int what;        /* enum rt_diff_what */
  uint64_t at;     /* BOUND: the bound; NOT_DIRTY, DIRTY_PAST: the page; BYTE: the byte; BLOCK: the block */
  uint64_t value;  /* BOUND: the faults summed; BLOCK: the CRC observed */
  int same_fault;  /* OUTCOME: the fault (if any) is at the page expected */
};
/* Does outcome `o` of `op` agree with `e`? RT_SAME, else what differed first. */
int rt_check(const struct rt_op *op, const struct rt_expect *e, const struct rt_outcome *o,
             struct rt_diff *d);
/* The difference in one line (a reproducer's REPRO line, after "op N (op): "). */
void rt_diff_text(const struct rt_expect *e, const struct rt_outcome *o, const struct rt_diff *d,
                  char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
/* A reproducer's trace as data and its main loop (rt_repro.c). */
#ifndef DAXPROP_RT_REPRO_H
#define DAXPROP_RT_REPRO_H

#include <linux/memfd.h>
#include <sys/mman.h>


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
/* Pattern bytes and CRC-32, for daxprop and its reproducers alike. */

#include <pthread.h>
#include <string.h>

static uint64_t rt_splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/* Byte i of pattern pat is byte i % 8 of splitmix64((pat << 40) ^ (i / 8)). */
void rt_pattern_fill(uint32_t pat, uint64_t first, uint8_t *out, uint64_t n) {
  const uint64_t key = (uint64_t)pat << 40;
  uint64_t i = first, k = 0;
  /* Whole words straight into place once aligned to the pattern's word grid. */
  if ((i & 7) == 0) {
    for (; k + 8 <= n; k += 8, i += 8) {
      uint64_t w = rt_splitmix64(key ^ (i >> 3));
      memcpy(out + k, &w, 8);
    }
  }
  while (k < n) {
    uint64_t w = rt_splitmix64(key ^ (i >> 3));
    uint64_t in_word = i & 7, m = 8 - in_word < n - k ? 8 - in_word : n - k;
    memcpy(out + k, (const uint8_t *)&w + in_word, m);
    k += m;
    i += m;
  }
}

/* Slicing by 8: reads are checksummed for every trace line, megabytes at a time on huge-page
 * backings. */
static uint32_t rt_crc_tab[8][256];
static pthread_once_t rt_crc_once = PTHREAD_ONCE_INIT;
static void rt_crc_init(void) {
  uint32_t i, c;
  int j, k;
  for (i = 0; i < 256; i++) {
    c = i;
    for (j = 0; j < 8; j++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    rt_crc_tab[0][i] = c;
  }
  for (i = 0; i < 256; i++) {
    for (k = 1; k < 8; k++) {
      rt_crc_tab[k][i] = (rt_crc_tab[k - 1][i] >> 8) ^ rt_crc_tab[0][rt_crc_tab[k - 1][i] & 0xFF];
    }
  }
}

uint32_t rt_crc32(const uint8_t *p, uint64_t n) {
  uint32_t c = 0xFFFFFFFFu, lo, hi;
  pthread_once(&rt_crc_once, rt_crc_init);
  while (n >= 8) {
    memcpy(&lo, p, 4);
    memcpy(&hi, p + 4, 4);
    lo ^= c;
    c = rt_crc_tab[7][lo & 0xFF] ^ rt_crc_tab[6][(lo >> 8) & 0xFF] ^
        rt_crc_tab[5][(lo >> 16) & 0xFF] ^ rt_crc_tab[4][lo >> 24] ^
        rt_crc_tab[3][hi & 0xFF] ^ rt_crc_tab[2][(hi >> 8) & 0xFF] ^
        rt_crc_tab[1][(hi >> 16) & 0xFF] ^ rt_crc_tab[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n--) c = rt_crc_tab[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}
/* Memory accesses that may fault. SIGSEGV/SIGBUS raised inside a guarded call are observed
 * (signal, si_code, si_addr, si_addr_lsb) and end it; anywhere else they stay fatal. */

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
/* The kernel-log records daxprop judges by: the only copy of these lists. daxprop's kernel
 * health check (src/kmsg.cc), its reproducers and the VM's console verdict (runners/vm/boot
 * reads rt_panic_patterns from this file: one quoted pattern per line) all use them. */

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
/* Carrying ops out: daxprop's executor (src/executor.cc) and every reproducer run this code.
 * A reproducer leaves out what its trace does not use (RT_NO_KVM, RT_NO_ODIRECT, RT_NO_GUP,
 * RT_NO_HOLD) and so the helpers and libraries those need. */

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef RT_NO_KVM
#endif
#if !defined(RT_NO_ODIRECT) || !defined(RT_NO_HOLD)
#endif
#ifndef RT_NO_GUP
#endif
#ifndef RT_NO_HOLD
#endif

#define RT_KIND_NAME(k) "RT_" #k,
const char *const rt_kind_names[RT_NKINDS] = {RT_KINDS(RT_KIND_NAME)};

const struct rt_via_row rt_vias[RT_NVIAS] = {
    [RT_VIA_IO_URING] = {"io_uring", RT_PATH_IO_URING, 0, 0, 1},
    [RT_VIA_PVM_READ] = {"pvm_read", RT_PATH_GUP, 0 /* GC_PVM_READ */, 1, 0},
    [RT_VIA_PROC_MEM] = {"proc_mem", RT_PATH_GUP, 2 /* GC_PROC_MEM_READ */, 1, 0},
    [RT_VIA_ODIRECT_READ] = {"odirect_read", RT_PATH_ODIRECT, 0, 0, 1},
    [RT_VIA_ODIRECT_WRITE] = {"odirect_write", RT_PATH_ODIRECT, 1, 1, 0},
    [RT_VIA_PVM_WRITE] = {"pvm_write", RT_PATH_GUP, 1 /* GC_PVM_WRITE */, 0, 1},
    [RT_VIA_PROC_MEM_WRITE] = {"proc_mem_write", RT_PATH_GUP, 3 /* GC_PROC_MEM_WRITE */, 0, 1},
    [RT_VIA_VMSPLICE] = {"vmsplice", RT_PATH_GUP, 4 /* GC_VMSPLICE */, 1, 0},
    [RT_VIA_IO_URING_WRITE] = {"io_uring_write", RT_PATH_IO_URING, 1, 1, 0},
};

int rt_op_features(const struct rt_op *op) {
  switch (op->kind) {
    case RT_KVM_SLOT: case RT_KVM_ACCESS: case RT_KVM_DIRTY: return RT_F_KVM;
    case RT_HOLD_READ: case RT_RELEASE: case RT_SIB_WRITE: case RT_SIB_READ: return RT_F_HOLD;
    case RT_PIN:
      if (op->arg < 0 || op->arg >= RT_NVIAS) return 0;
      return rt_vias[op->arg].path == RT_PATH_ODIRECT ? RT_F_ODIRECT : RT_F_GUP;
    default: return 0;
  }
}

void rt_outcome_free(struct rt_outcome *o) {
  free(o->data);
  free(o->faults);
  free(o->dirty);
  o->data = NULL;
  o->faults = NULL;
  o->dirty = NULL;
}

void rt_ctx_init(struct rt_ctx *c, int fd, uint64_t obj_base, uint64_t unit) {
  memset(c, 0, sizeof *c);
  c->fd = fd;
  c->obj_base = obj_base;
  c->unit = unit ? unit : 4096;
  c->sib_fd = -1;
}

void rt_ctx_close(struct rt_ctx *c) {
  int h, p;
  /* The case's pins go first (the held read, the KVM guest), then its mappings. */
#ifndef RT_NO_HOLD
  if (c->ifs) { if_close(c->ifs); free(c->ifs); c->ifs = NULL; }
#endif
#ifndef RT_NO_KVM
  if (c->kvm) { kg_close(c->kvm); free(c->kvm); c->kvm = NULL; }
#endif
#if !defined(RT_NO_ODIRECT) || !defined(RT_NO_HOLD)
  if (c->od) { od_close(c->od); free(c->od); c->od = NULL; }
#endif
  if (c->sib_fd >= 0) { close(c->sib_fd); c->sib_fd = -1; }
  for (h = 0; h < RT_MAX_HANDLES; h++) {
    if (c->maps[h]) munmap(c->maps[h], c->lens[h]);
    c->maps[h] = NULL;
  }
  if (c->is_peer) return;
  for (p = 0; p < RT_MAX_PEERS; p++) {
    if (!c->peers[p].pid) continue;
    kill(c->peers[p].pid, SIGKILL);
    waitpid(c->peers[p].pid, NULL, 0);
    close(c->peers[p].to);
    close(c->peers[p].from);
    c->peers[p].pid = 0;
  }
}

uint8_t *rt_addr(const struct rt_ctx *c, int h) {
  if (h >= 0 && h < RT_MAX_HANDLES && c->maps[h]) return c->maps[h];
  return (uint8_t *)(uintptr_t)(RT_SLOT_BASE + (uint64_t)h * RT_SLOT_STRIDE);
}

static uint64_t rt_round_up(uint64_t v, uint64_t unit) { return (v + unit - 1) / unit * unit; }

static void rt_error(struct rt_outcome *o, int err) {
  o->kind = RT_ERR;
  o->err = err;
}
/* A syscall's return: -1 with errno is an error; else, with `count`, the bytes it moved. */
static void rt_sys(struct rt_outcome *o, long rc, int count) {
  if (rc < 0) { rt_error(o, errno); return; }
  if (count) { o->has_n = 1; o->n = (uint64_t)rc; }
}
/* A helper's return: -errno, or the bytes it moved. */
__attribute__((unused)) static void rt_neg(struct rt_outcome *o, long rc) {
  if (rc < 0) { rt_error(o, (int)-rc); return; }
  o->has_n = 1;
  o->n = (uint64_t)rc;
}
static void rt_signal(struct rt_outcome *o, const struct rt_fault *f, const uint8_t *base) {
  o->kind = RT_SIG;
  o->sig = f->sig;
  o->code = f->code;
  o->lsb = f->lsb;
  o->fault_off = (f->addr & ~(uintptr_t)4095) - (uintptr_t)base;
}
static uint8_t *rt_buf(uint64_t len) { return malloc(len ? len : 1); }
/* The bytes of buf[0, n) become the outcome's data (buf is the outcome's now). */
static void rt_give(struct rt_outcome *o, uint8_t *buf, uint64_t n) {
  o->has_data = 1;
  o->data = buf;
  o->data_len = n;
}

/* Copy through a mapping a page at a time; a fault stops it on a page boundary. */
static void rt_access(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o, int write) {
  uint8_t *base = rt_addr(c, op->h), *buf = rt_buf(op->len);
  struct rt_fault f;
  uint64_t done;
  if (write) rt_pattern_fill(op->pat, 0, buf, op->len);
  done = rt_guarded_copy(base + op->off, buf, op->len, write, &f);
  if (f.sig) rt_signal(o, &f, base);
  if (write) free(buf);
  else rt_give(o, buf, done);
}

static void rt_probe_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *base = rt_addr(c, op->h);
  struct rt_fault f;
  /* Room for every unit up front: growing the array inside the loop could fault. */
  o->faults = malloc(rt_probe_units(base + op->off, op->len) * sizeof *o->faults);
  o->n_faults = rt_probe(base + op->off, op->len, op->arg, o->faults, &f);
  if (f.sig) {
    rt_signal(o, &f, base);
    o->n_faults = 0;
  }
}

static void rt_map(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int anon = (op->flags & MAP_ANONYMOUS) != 0;
  void *hint = (void *)(uintptr_t)(RT_SLOT_BASE + (uint64_t)op->h * RT_SLOT_STRIDE + op->a);
  void *p = mmap(hint, op->len, op->prot, (int)op->flags, anon ? -1 : c->fd,
                 (off_t)(op->off + (anon ? 0 : c->obj_base)));
  if (p == MAP_FAILED) { rt_error(o, errno); return; }
  if (op->h < 0 || op->h >= RT_MAX_HANDLES) { munmap(p, op->len); rt_error(o, EBADF); return; }
  c->maps[op->h] = p;
  c->lens[op->h] = rt_round_up(op->len, c->unit);
}

static void rt_mremap(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int h = op->h;
  uint64_t old_len;
  void *p;
  if (h < 0 || h >= RT_MAX_HANDLES) { rt_error(o, EBADF); return; }
  old_len = op->b ? op->b : c->lens[h];
  if (op->arg) {
    void *target = (void *)(uintptr_t)(RT_MOVE_BASE + (uint64_t)(c->moves++) * RT_SLOT_STRIDE);
    p = mremap(c->maps[h], old_len, op->a, MREMAP_MAYMOVE | MREMAP_FIXED, target);
  } else {
    p = mremap(c->maps[h], old_len, op->a, MREMAP_MAYMOVE);
  }
  if (p == MAP_FAILED) { rt_error(o, errno); return; }
  c->maps[h] = p;
  c->lens[h] = rt_round_up(op->a, 4096);
}

static void rt_madvise_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  /* memory_failure signals the caller (force_sig_mceerr) before madvise(MADV_HWPOISON)
   * returns: observed like a fault of an access. */
  uint8_t *base = rt_addr(c, op->h);
  struct rt_fault f;
  long rc = rt_guarded_madvise(base + op->off, op->len, op->arg, &f);
  if (f.sig) rt_signal(o, &f, base);
  else rt_sys(o, rc, 0);
}

static void rt_pwrite_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *buf = rt_buf(op->len);
  rt_pattern_fill(op->pat, 0, buf, op->len);
  rt_sys(o, pwrite(c->fd, buf, op->len, (off_t)(op->off + c->obj_base)), 1);
  free(buf);
}

static void rt_pread_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *buf = rt_buf(op->len);
  ssize_t n = pread(c->fd, buf, op->len, (off_t)(op->off + c->obj_base));
  rt_sys(o, n, 1);
  if (n < 0) free(buf);
  else rt_give(o, buf, (uint64_t)n);
}

#if !defined(RT_NO_ODIRECT) || !defined(RT_NO_HOLD)
/* The scratch block device, opened by the first op that needs it. Missing, it is test
 * equipment missing: setup_error. */
static int rt_od(struct rt_ctx *c, struct rt_outcome *o) {
  int rc;
  if (c->od) return 1;
  c->od = calloc(1, sizeof *c->od);
  rc = od_open(c->od);
  if (rc == 0) return 1;
  od_close(c->od);
  free(c->od);
  c->od = NULL;
  rt_error(o, -rc);
  o->setup_error = 1;
  return 0;
}
#endif

#ifndef RT_NO_ODIRECT
static void rt_pin_odirect(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int to_dev = rt_vias[op->arg].method;
  uint8_t *buf, *p = rt_addr(c, op->h) + op->off;
  ssize_t n;
  if (!rt_od(c, o)) return;
  buf = rt_buf(op->len);
  if (!to_dev) {
    rt_pattern_fill(op->pat, 0, buf, op->len);
    n = od_read(c->od, p, buf, op->len);
  } else {
    n = od_write(c->od, p, buf, op->len);
  }
  rt_neg(o, n);
  if (n >= 0 && to_dev) rt_give(o, buf, (uint64_t)n);
  else free(buf);
}
#endif

#ifndef RT_NO_GUP
static void rt_pin_gup(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const struct rt_via_row *v = &rt_vias[op->arg];
  uint8_t *buf = rt_buf(op->len), *p = rt_addr(c, op->h) + op->off;
  ssize_t n;
  if (v->stores) rt_pattern_fill(op->pat, 0, buf, op->len);
  n = v->path == RT_PATH_IO_URING ? gc_io_uring_fixed(p, buf, op->len, v->method)
                                  : gc_copy(v->method, p, buf, op->len);
  rt_neg(o, n);
  if (n >= 0 && v->reads) rt_give(o, buf, (uint64_t)n);
  else free(buf);
}
#endif

#ifndef RT_NO_HOLD
static void rt_hold_read(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *src;
  ssize_t n;
  if (!c->ifs) {
    int rc;
    if (!rt_od(c, o)) return;
    /* The gate is test equipment, not the kernel under test. */
    rc = c->check_gate ? if_gate_probe(c->od) : 0;
    if (rc < 0) { rt_error(o, -rc); o->setup_error = 1; return; }
    c->ifs = calloc(1, sizeof *c->ifs);
    if_init(c->ifs, c->od);
  }
  src = rt_buf(op->len);
  rt_pattern_fill(op->pat, 0, src, op->len);
  n = if_hold_read(c->ifs, rt_addr(c, op->h) + op->off, src, op->len);
  free(src);
  if (n < 0) { rt_error(o, (int)-n); return; }
  if (!c->ifs->ring) { o->has_n = 1; o->n = (uint64_t)n; } /* completed at once */
}
#endif

#ifndef RT_NO_HOLD
/* The sibling file: it takes the blocks the backing file frees (src/inflight.c). */
static void rt_sibling_write(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *buf = rt_buf(op->len);
  rt_pattern_fill(op->pat, 0, buf, op->len);
  rt_neg(o, sibling_write(c->fd, &c->sib_fd, buf, op->len));
  free(buf);
}

static void rt_sibling_read(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *buf = rt_buf(op->len);
  ssize_t n = c->sib_fd < 0 ? -EBADF : sibling_read(c->sib_fd, buf, op->len);
  rt_neg(o, n);
  if (n >= 0) rt_give(o, buf, (uint64_t)n);
  else free(buf);
}
#endif

/* truncate (a = size) or punch-hole (off, len); with a read held in flight, on a thread: the
 * pin may hold it back, and the case goes on. */
static void rt_layout(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int truncate = op->kind == RT_TRUNCATE;
#ifndef RT_NO_HOLD
  if (c->ifs && c->ifs->ring) {
    int rc = truncate ? if_run(c->ifs, 1, c->fd, op->a, 0) : if_run(c->ifs, 2, c->fd, op->off, op->len);
    if (rc < 0) { rt_error(o, -rc); return; }
    o->held = rc == 1;
    return;
  }
#endif
  rt_sys(o, truncate ? ftruncate(c->fd, (off_t)op->a)
                     : fallocate(c->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                                 (off_t)op->off, (off_t)op->len), 0);
}

#ifndef RT_NO_KVM
static int rt_kvm(struct rt_ctx *c, struct rt_outcome *o) {
  int rc;
  if (c->kvm) return 1;
  c->kvm = calloc(1, sizeof *c->kvm);
  rc = kg_open(c->kvm);
  if (rc == 0) return 1;
  kg_close(c->kvm);
  free(c->kvm);
  c->kvm = NULL;
  rt_error(o, -rc);
  o->setup_error = 1;
  return 0;
}

static void rt_kvm_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int slot = op->slot & 3;
  if (!rt_kvm(c, o)) return;
  if (op->kind == RT_KVM_SLOT) {
    int rc = kg_slot(c->kvm, slot, op->len ? rt_addr(c, op->h) + op->off : NULL, op->len, op->arg);
    if (rc < 0) { rt_error(o, -rc); return; }
    c->kvm_slot_len[slot] = op->len;
  } else if (op->kind == RT_KVM_DIRTY) {
    const uint64_t words = c->kvm_slot_len[slot] / 4096 / 64 + 1, bits = words * 64;
    uint64_t *bitmap = calloc(words, 8), p;
    int rc = kg_dirty(c->kvm, slot, c->kvm_slot_len[slot], bitmap);
    if (rc < 0) { free(bitmap); rt_error(o, -rc); return; }
    o->dirty = malloc(bits * sizeof *o->dirty);
    for (p = 0; p < bits; p++) {
      if (bitmap[p / 64] >> (p % 64) & 1) o->dirty[o->n_dirty++] = p;
    }
    free(bitmap);
  } else {
    uint8_t *buf = c->kvm->mem + KG_BUF;
    const uint64_t gpa = kg_gpa(slot) + op->off;
    struct kg_exit x;
    int rc;
    memset(&x, 0, sizeof x);
    if (op->arg) rt_pattern_fill(op->pat, 0, buf, op->len);
    rc = op->arg ? kg_copy(c->kvm, gpa, KG_BUF, op->len, &x) : kg_copy(c->kvm, KG_BUF, gpa, op->len, &x);
    if (rc < 0) { rt_error(o, -rc); return; }
    if (x.err) {
      rt_error(o, x.err);
      o->has_n = 1;
      o->n = x.done;
    } else if (x.mmio) {
      o->has_mmio = 1;
      o->mmio = x.mmio_gpa - kg_gpa(slot);
    } else if (x.other) {
      rt_error(o, EPROTO); /* an exit no model expects (KVM_EXIT_* in x.other) */
    } else {
      o->has_n = 1;
      o->n = x.done;
      if (!op->arg) {
        uint8_t *d = rt_buf(x.done);
        memcpy(d, buf, x.done);
        rt_give(o, d, x.done);
      }
    }
    o->has_pages = kg_pages(c->kvm, o->pages) == 0;
  }
}
#endif

/* Every kind has its case (no default: a kind left out is a -Wswitch error); a kind a
 * reproducer leaves out (RT_NO_*) falls through to ENOSYS. */
void rt_run_local(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *p = rt_addr(c, op->h) + op->off;
  switch ((enum rt_kind)op->kind) {
    case RT_MAP: rt_map(c, op, o); return;
    case RT_UNMAP: rt_sys(o, munmap(p, op->len), 0); return;
    case RT_MPROTECT: rt_sys(o, mprotect(p, op->len, op->prot), 0); return;
    case RT_MREMAP: rt_mremap(c, op, o); return;
    case RT_MADVISE: rt_madvise_op(c, op, o); return;
    case RT_MSYNC: rt_sys(o, msync(p, op->len, op->arg), 0); return;
    case RT_WRITE: rt_access(c, op, o, 1); return;
    case RT_READ: rt_access(c, op, o, 0); return;
    case RT_PWRITE: rt_pwrite_op(c, op, o); return;
    case RT_PREAD: rt_pread_op(c, op, o); return;
    case RT_TRUNCATE: case RT_PUNCH: rt_layout(c, op, o); return;
    case RT_PROBE: rt_probe_op(c, op, o); return;
    case RT_FORK: break; /* rt_exec's: a peer is started by the process that forks */
    case RT_PIN:
      if (op->arg < 0 || op->arg >= RT_NVIAS) break;
#ifndef RT_NO_ODIRECT
      if (rt_vias[op->arg].path == RT_PATH_ODIRECT) { rt_pin_odirect(c, op, o); return; }
#endif
#ifndef RT_NO_GUP
      if (rt_vias[op->arg].path != RT_PATH_ODIRECT) { rt_pin_gup(c, op, o); return; }
#endif
      break;
    case RT_KVM_SLOT: case RT_KVM_ACCESS: case RT_KVM_DIRTY:
#ifndef RT_NO_KVM
      rt_kvm_op(c, op, o);
      return;
#endif
      break;
    case RT_HOLD_READ:
#ifndef RT_NO_HOLD
      rt_hold_read(c, op, o);
      return;
#endif
      break;
    case RT_RELEASE:
#ifndef RT_NO_HOLD
      rt_neg(o, c->ifs ? if_release(c->ifs) : -ENOENT);
      return;
#endif
      break;
    case RT_SIB_WRITE:
#ifndef RT_NO_HOLD
      rt_sibling_write(c, op, o);
      return;
#endif
      break;
    case RT_SIB_READ:
#ifndef RT_NO_HOLD
      rt_sibling_read(c, op, o);
      return;
#endif
      break;
    case RT_NKINDS: break;
  }
  rt_error(o, ENOSYS); /* an op this build leaves out */
}

/* ---- forked peers: the child keeps the address space and runs the ops it is sent ---- */

static int rt_read_full(int f, void *buf, uint64_t n) {
  uint64_t got = 0;
  while (got < n) {
    ssize_t r = read(f, (char *)buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0;
    got += (uint64_t)r;
  }
  return 1;
}
static int rt_write_full(int f, const void *buf, uint64_t n) {
  uint64_t put = 0;
  while (put < n) {
    ssize_t r = write(f, (const char *)buf + put, n - put);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0;
    put += (uint64_t)r;
  }
  return 1;
}

/* An outcome on a pipe: the struct (its pointers mean nothing on the other side), then the
 * data, fault counts and dirty pages it points to. */
static int rt_send_outcome(int f, const struct rt_outcome *o) {
  return rt_write_full(f, o, sizeof *o) && rt_write_full(f, o->data, o->data_len) &&
         rt_write_full(f, o->faults, o->n_faults * sizeof *o->faults) &&
         rt_write_full(f, o->dirty, o->n_dirty * sizeof *o->dirty);
}
static int rt_recv_outcome(int f, struct rt_outcome *o) {
  if (!rt_read_full(f, o, sizeof *o)) return 0;
  o->data = NULL;
  o->faults = NULL;
  o->dirty = NULL;
  if (o->kind < RT_OK || o->kind > RT_SIG || o->data_len > (1ULL << 32) ||
      o->n_faults > (1ULL << 20) || o->n_dirty > (1ULL << 24)) {
    return 0;
  }
  o->data = rt_buf(o->data_len);
  o->faults = malloc((o->n_faults ? o->n_faults : 1) * sizeof *o->faults);
  o->dirty = malloc((o->n_dirty ? o->n_dirty : 1) * sizeof *o->dirty);
  return rt_read_full(f, o->data, o->data_len) &&
         rt_read_full(f, o->faults, o->n_faults * sizeof *o->faults) &&
         rt_read_full(f, o->dirty, o->n_dirty * sizeof *o->dirty);
}

static void rt_serve_peer(struct rt_ctx *c, int in, int out) {
  struct rt_op op;
  struct rt_outcome o;
  while (rt_read_full(in, &op, sizeof op)) {
    memset(&o, 0, sizeof o);
    if (c->run) c->run(c, &op, &o);
    else rt_run_local(c, &op, &o);
    if (!rt_send_outcome(out, &o)) _exit(1);
    rt_outcome_free(&o);
  }
  _exit(0);
}

static void rt_peer_start(struct rt_ctx *c, int proc, struct rt_outcome *o) {
  int down[2], up[2], p;
  pid_t pid;
  if (proc <= 0 || proc >= RT_MAX_PEERS || c->peers[proc].pid) { rt_error(o, EINVAL); return; }
  if (pipe2(down, O_CLOEXEC)) { rt_error(o, errno); return; }
  if (pipe2(up, O_CLOEXEC)) { rt_error(o, errno); close(down[0]); close(down[1]); return; }
  pid = fork();
  if (pid < 0) {
    rt_error(o, errno);
    close(down[0]); close(down[1]); close(up[0]); close(up[1]);
    return;
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(down[1]); /* else the child keeps its own input open and never sees EOF */
    close(up[0]);
    for (p = 0; p < RT_MAX_PEERS; p++) {
      if (!c->peers[p].pid) continue;
      close(c->peers[p].to);
      close(c->peers[p].from);
      c->peers[p].pid = 0;
    }
    c->is_peer = 1;
    rt_serve_peer(c, down[0], up[1]);
  }
  close(down[0]);
  close(up[1]);
  c->peers[proc].pid = pid;
  c->peers[proc].to = down[1];
  c->peers[proc].from = up[0];
}

static void rt_on_peer(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  int st = 0;
  if (op->proc >= RT_MAX_PEERS || !c->peers[op->proc].pid) { rt_error(o, ESRCH); return; }
  if (rt_write_full(c->peers[op->proc].to, op, sizeof *op) &&
      rt_recv_outcome(c->peers[op->proc].from, o)) {
    return;
  }
  /* The process is gone: report how it ended, which no model ever expects. */
  rt_outcome_free(o);
  memset(o, 0, sizeof *o);
  waitpid(c->peers[op->proc].pid, &st, 0);
  o->kind = RT_SIG;
  o->sig = WIFSIGNALED(st) ? WTERMSIG(st) : SIGKILL;
}

void rt_exec(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  memset(o, 0, sizeof *o);
  if (op->kind == RT_FORK) {
    if (!c->is_peer) rt_peer_start(c, op->proc, o);
    return;
  }
  if (op->proc && !c->is_peer) { rt_on_peer(c, op, o); return; }
  if (c->run) c->run(c, op, o);
  else rt_run_local(c, op, o);
}
/* Does an outcome agree with the model's expectation? daxprop's oracle (src/oracle.cc) and every
 * reproducer decide it here; each words the difference its own way. */

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int rt_same_kind(const struct rt_expect *e, const struct rt_outcome *o, int *same_fault) {
  /* A machine-check SIGBUS reports the poisoned entry: si_addr_lsb is "the least significant
   * bit of the reported address and therefore the extent of the corruption" (sigaction(2)), so
   * only si_addr's bits above it name the entry (6.12 reports the faulting page inside a 2 MiB
   * entry, 6.18 the entry's start). Mappings start at 4 GiB-aligned slots: an offset's bits are
   * its address's. */
  const int mce = e->kind == RT_SIG && (e->code == BUS_MCEERR_AR || e->code == BUS_MCEERR_AO) &&
                  e->lsb > 0 && e->lsb == o->lsb && e->lsb < 64;
  *same_fault = mce ? (e->fault_off >> e->lsb) == (o->fault_off >> o->lsb)
                    : e->fault_off == o->fault_off;
  return e->kind == o->kind && e->err == o->err && e->sig == o->sig && e->code == o->code &&
         (*same_fault || e->any_off) && (e->lsb == 0 || e->lsb == o->lsb) &&
         e->has_mmio == o->has_mmio && (!e->has_mmio || e->mmio == o->mmio) && e->held == o->held;
}

static int rt_diff_at(struct rt_diff *d, int what, uint64_t at, uint64_t value) {
  d->what = what;
  d->at = at;
  d->value = value;
  return what;
}

/* Large reads: the CRC of each 4 KiB block, the unspecified bytes counted as 0. */
static int rt_check_blocks(const struct rt_expect *e, const struct rt_outcome *o, struct rt_diff *d) {
  uint8_t block[4096];
  uint64_t b, j;
  for (b = 0; b * 4096 < e->data_len; b++) {
    const uint64_t lo = b * 4096, n = e->data_len - lo < 4096 ? e->data_len - lo : 4096;
    uint32_t crc;
    memcpy(block, o->data + lo, n);
    for (j = 0; j < (uint64_t)e->n_unknown; j++) {
      uint64_t from = e->unknown[2 * j], to = e->unknown[2 * j + 1];
      if (from < lo) from = lo;
      if (to > lo + n) to = lo + n;
      if (from < to) memset(block + (from - lo), 0, to - from);
    }
    crc = rt_crc32(block, n);
    if (crc != e->block_crc[b]) return rt_diff_at(d, RT_D_BLOCK, b, crc);
  }
  return RT_SAME;
}

int rt_check(const struct rt_op *op, const struct rt_expect *e, const struct rt_outcome *o,
             struct rt_diff *d) {
  uint64_t i;
  memset(d, 0, sizeof *d);
  if (!rt_same_kind(e, o, &d->same_fault)) {
    /* KVM: the guest stopped before a host page it could not have; -EFAULT is what the source
     * says, an MMIO exit at that byte keeps stale data out as well. */
    if (e->kvm_stop && o->kind == RT_OK && o->has_mmio && op->kind == RT_KVM_ACCESS &&
        o->mmio == op->off + (e->has_n ? e->n : 0)) {
      return RT_SAME;
    }
    if (o->kind == RT_ERR && o->err && (o->err == e->alt_err[0] || o->err == e->alt_err[1])) {
      return RT_SAME;
    }
    return rt_diff_at(d, RT_D_OUTCOME, 0, 0);
  }
  if (e->has_n && (!o->has_n || o->n != e->n)) return rt_diff_at(d, RT_D_COUNT, 0, 0);
  if (op->kind == RT_PROBE && o->kind == RT_OK) {
    if (e->units >= 0 && o->n_faults != (uint64_t)e->units) return rt_diff_at(d, RT_D_UNITS, 0, 0);
    for (i = 0; i < (uint64_t)e->n_bounds; i++) {
      const struct rt_fbound *b = &e->bounds[i];
      uint64_t sum = 0, u;
      for (u = (uint64_t)b->first; u < (uint64_t)b->first + (uint64_t)b->n && u < o->n_faults; u++) {
        sum += o->faults[u];
      }
      if (sum < b->min || sum > b->max) return rt_diff_at(d, RT_D_BOUND, i, sum);
    }
    return RT_SAME;
  }
  if (op->kind == RT_KVM_ACCESS && o->kind == RT_OK && (e->kvm_min_2m || e->kvm_min_1g)) {
    if (!o->has_pages) return rt_diff_at(d, RT_D_NO_PAGES, 0, 0);
    if (o->pages[1] + 512 * o->pages[2] < e->kvm_min_2m || o->pages[2] < e->kvm_min_1g) {
      return rt_diff_at(d, RT_D_LEVEL, 0, 0);
    }
  }
  if (op->kind == RT_KVM_DIRTY && o->kind == RT_OK) {
    for (i = 0; i < (uint64_t)e->n_must; i++) {
      uint64_t lo = 0, hi = o->n_dirty;
      while (lo < hi) {
        const uint64_t mid = lo + (hi - lo) / 2;
        if (o->dirty[mid] < e->must_dirty[i]) lo = mid + 1;
        else hi = mid;
      }
      if (lo == o->n_dirty || o->dirty[lo] != e->must_dirty[i]) {
        return rt_diff_at(d, RT_D_NOT_DIRTY, e->must_dirty[i], 0);
      }
    }
    if (o->n_dirty && o->dirty[o->n_dirty - 1] >= e->slot_pages) {
      return rt_diff_at(d, RT_D_DIRTY_PAST, o->dirty[o->n_dirty - 1], 0);
    }
  }
  /* Bytes: whenever either side carries some. */
  if (!e->data_len && !o->data_len) return RT_SAME;
  if (o->data_len != e->data_len) return rt_diff_at(d, RT_D_DATA_LEN, 0, 0);
  if (e->block_crc) return rt_check_blocks(e, o, d);
  /* Fast path: identical bytes need no look at the mask. */
  if (memcmp(e->data, o->data, e->data_len) == 0) return RT_SAME;
  for (i = 0; i < e->data_len; i++) {
    if ((!e->known || e->known[i]) && e->data[i] != o->data[i]) return rt_diff_at(d, RT_D_BYTE, i, 0);
  }
  return RT_SAME;
}

static const char *rt_describe(int kind, int err, int sig, int code, uint64_t off, int lsb,
                               char *buf, size_t cap) {
  if (kind == RT_OK) return "ok";
  if (kind == RT_ERR) { snprintf(buf, cap, "errno %d (%s)", err, strerror(err)); return buf; }
  snprintf(buf, cap, "signal %d si_code %d at page +0x%llx (lsb %d)", sig, code,
           (unsigned long long)off, lsb);
  return buf;
}

void rt_diff_text(const struct rt_expect *e, const struct rt_outcome *o, const struct rt_diff *d,
                  char *buf, size_t cap) {
  char a[96], b[96];
  uint64_t j;
  int at;
  switch (d->what) {
    case RT_D_OUTCOME:
      if (e->kind == o->kind && e->err == o->err && e->sig == o->sig && e->code == o->code &&
          e->held != o->held) {
        snprintf(buf, cap, "expected it %s, got it %s",
                 e->held ? "held back by the pinned page until the release" : "done at once",
                 o->held ? "held back (still running after IF_HOLD_MS)" : "done at once");
      } else if (e->has_mmio != o->has_mmio) {
        snprintf(buf, cap, "expected %s, got %s", e->has_mmio ? "an MMIO exit" : "no MMIO exit",
                 o->has_mmio ? "an MMIO exit" : "none");
      } else {
        char alt[96] = "";
        for (j = 0; j < 2 && e->alt_err[j]; j++) {
          const size_t used = strlen(alt);
          snprintf(alt + used, sizeof alt - used, " or errno %d (%s)", e->alt_err[j], strerror(e->alt_err[j]));
        }
        snprintf(buf, cap, "expected %s%s, got %s",
                 rt_describe(e->kind, e->err, e->sig, e->code, e->fault_off, e->lsb, a, sizeof a),
                 alt, rt_describe(o->kind, o->err, o->sig, o->code, o->fault_off, o->lsb, b, sizeof b));
      }
      return;
    case RT_D_COUNT:
      snprintf(buf, cap, "expected %llu bytes, got %llu", (unsigned long long)e->n,
               (unsigned long long)o->n);
      return;
    case RT_D_UNITS:
      snprintf(buf, cap, "expected fault counts for %lld 2 MiB units, got %llu",
               (long long)e->units, (unsigned long long)o->n_faults);
      return;
    case RT_D_BOUND: {
      const struct rt_fbound *f = &e->bounds[d->at];
      snprintf(buf, cap, "%llu page faults in units %d..%d, expected %u..%u (%s)",
               (unsigned long long)d->value, f->first, f->first + f->n - 1, f->min, f->max, f->why);
      return;
    }
    case RT_D_NO_PAGES:
      snprintf(buf, cap, "no KVM page stats (pages_4k/2m/1g) to check the huge mapping that was due");
      return;
    case RT_D_LEVEL:
      snprintf(buf, cap, "KVM maps pages_2m=%llu pages_1g=%llu, expected at least %llu 2 MiB units / "
               "%llu 1 GiB pages (the host maps it huge)", (unsigned long long)o->pages[1],
               (unsigned long long)o->pages[2], (unsigned long long)e->kvm_min_2m,
               (unsigned long long)e->kvm_min_1g);
      return;
    case RT_D_NOT_DIRTY:
      snprintf(buf, cap, "the guest wrote page %llu but the dirty log does not report it",
               (unsigned long long)d->at);
      return;
    case RT_D_DIRTY_PAST:
      snprintf(buf, cap, "the dirty log reports page %llu, past the slot's %llu pages",
               (unsigned long long)d->at, (unsigned long long)e->slot_pages);
      return;
    case RT_D_DATA_LEN:
      snprintf(buf, cap, "expected %llu bytes read, got %llu", (unsigned long long)e->data_len,
               (unsigned long long)o->data_len);
      return;
    case RT_D_BYTE:
      snprintf(buf, cap, "byte +0x%llx is 0x%02x, expected 0x%02x", (unsigned long long)d->at,
               o->data[d->at], e->data[d->at]);
      return;
    case RT_D_BLOCK: {
      const uint64_t lo = d->at * 4096, n = e->data_len - lo < 4096 ? e->data_len - lo : 4096;
      at = snprintf(buf, cap, "the bytes read at +0x%llx..+0x%llx are not what a correct kernel "
                    "holds there (CRC-32 0x%08x, expected 0x%08x); they start",
                    (unsigned long long)lo, (unsigned long long)(lo + n), (unsigned)d->value,
                    e->block_crc[d->at]);
      for (j = 0; j < 16 && j < n && at > 0 && (size_t)at + 4 < cap; j++) {
        at += snprintf(buf + at, cap - (size_t)at, " %02x", o->data[lo + j]);
      }
      return;
    }
    default:
      snprintf(buf, cap, "agrees");
  }
}
/* The kernel stacks of a hang (src/stacks.c): where each task of the hung case sleeps in the
 * kernel, and which other tasks are in uninterruptible sleep: the part of a hang report a
 * kernel developer reads first. C, shared verbatim with the reproducers. */
#ifndef DAXPROP_STACKS_H
#define DAXPROP_STACKS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Every thread of every process in process group `pgid`: "PID/TID COMM state S wchan W" and
 * its kernel stack (/proc/PID/task/TID/stack, root only), then the same for each other task in
 * uninterruptible sleep (D), kernel threads included (a worker the case waits for). A
 * malloc'd text ending in a newline (the caller frees it); NULL if /proc cannot be read. */
char *ks_report(int pgid);

#ifdef __cplusplus
}
#endif

#endif

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KS_MAX_BYTES (48 * 1024) /* a report past this is cut, and says so */
#define KS_MAX_OTHERS 32         /* tasks in D state outside the group */

/* The whole of a small /proc file, NUL-terminated; 0 or -1. */
static int ks_read(const char *path, char *buf, size_t len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  ssize_t n, got = 0;
  if (fd < 0) return -1;
  while (got < (ssize_t)len - 1 && (n = read(fd, buf + got, len - 1 - (size_t)got)) > 0) got += n;
  close(fd);
  buf[got] = 0;
  return 0;
}

/* From /proc/PID[/task/TID]/stat: comm, state and process group. 0 or -1. */
static int ks_stat(const char *dir, char *comm, size_t comm_len, char *state, int *pgrp) {
  char path[600], buf[1024];
  const char *open_paren, *close_paren;
  int ppid;
  snprintf(path, sizeof path, "%s/stat", dir);
  if (ks_read(path, buf, sizeof buf) != 0) return -1;
  open_paren = strchr(buf, '(');
  close_paren = strrchr(buf, ')'); /* a comm may hold ')' itself */
  if (!open_paren || !close_paren || close_paren < open_paren) return -1;
  snprintf(comm, comm_len, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
  return sscanf(close_paren + 1, " %c %d %d", state, &ppid, pgrp) == 3 ? 0 : -1;
}

/* One task: its line and its stack, indented. */
static void ks_task(FILE *out, const char *dir, const char *pid, const char *tid, const char *comm,
                    char state) {
  char path[600], wchan[128] = "", stack[4096] = "";
  const char *line = stack;
  snprintf(path, sizeof path, "%s/wchan", dir);
  ks_read(path, wchan, sizeof wchan);
  fprintf(out, "%s/%s %s state %c wchan %s\n", pid, tid, comm, state,
          wchan[0] && strcmp(wchan, "0") != 0 ? wchan : "-");
  snprintf(path, sizeof path, "%s/stack", dir);
  if (ks_read(path, stack, sizeof stack) != 0) {
    fprintf(out, "  (no kernel stack: /proc/%s/task/%s/stack cannot be read)\n", pid, tid);
    return;
  }
  while (*line) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    const char *text = line;
    if (n > 6 && strncmp(text, "[<0>] ", 6) == 0) text += 6; /* addresses are hidden anyway */
    fprintf(out, "  %.*s\n", (int)(n - (size_t)(text - line)), text);
    line += n + (end ? 1 : 0);
  }
}

/* The tasks of /proc/PID: all of them in group pgid (in_group), else those in D outside it;
 * at most `left`. How many were shown. */
static int ks_process(FILE *out, const char *pid, int pgid, int in_group, int left) {
  char dir[280], tdir[540], comm[64], state;
  int pgrp, n = 0;
  DIR *tasks;
  struct dirent *t;
  snprintf(dir, sizeof dir, "/proc/%s/task", pid);
  tasks = opendir(dir);
  if (!tasks) return 0;
  while (n < left && (t = readdir(tasks)) != NULL) {
    if (!isdigit((unsigned char)t->d_name[0])) continue;
    snprintf(tdir, sizeof tdir, "%s/%s", dir, t->d_name);
    if (ks_stat(tdir, comm, sizeof comm, &state, &pgrp) != 0) continue;
    if ((pgrp == pgid) != in_group) continue;
    if (!in_group && state != 'D') continue;
    ks_task(out, tdir, pid, t->d_name, comm, state);
    n++;
  }
  closedir(tasks);
  return n;
}

char *ks_report(int pgid) {
  char *text = NULL;
  size_t len = 0;
  int pass, others = 0;
  FILE *out;
  DIR *proc = opendir("/proc");
  if (!proc) return NULL;
  out = open_memstream(&text, &len);
  if (!out) {
    closedir(proc);
    return NULL;
  }
  for (pass = 0; pass < 2; pass++) {
    struct dirent *p;
    int found = 0;
    fprintf(out, pass == 0 ? "tasks of process group %d:\n" : "other tasks in D state:\n", pgid);
    rewinddir(proc);
    while ((p = readdir(proc)) != NULL && others < KS_MAX_OTHERS) {
      if (!isdigit((unsigned char)p->d_name[0])) continue;
      if (pass == 0) {
        found += ks_process(out, p->d_name, pgid, 1, 1 << 20);
      } else {
        int k = ks_process(out, p->d_name, pgid, 0, KS_MAX_OTHERS - others);
        found += k;
        others += k;
      }
      if (ftell(out) > KS_MAX_BYTES) break;
    }
    if (!found) fprintf(out, "  (none)\n");
    if (others >= KS_MAX_OTHERS) fprintf(out, "  (more not shown)\n");
  }
  closedir(proc);
  fclose(out);
  if (len > KS_MAX_BYTES) {
    static const char kCut[] = "\n(cut here: the report is longer)\n";
    memcpy(text + KS_MAX_BYTES - sizeof kCut, kCut, sizeof kCut);
  }
  return text;
}
/* A reproducer's main loop: set up, carry the trace's ops out as daxprop does (rt_exec), check
 * each outcome (rt_check) and the kernel log after it, tear down; all in a child a watchdog
 * parent watches. A kernel stuck in a retry loop only gives way to SIGKILL, so a hang is told
 * by the parent, named by the op the child is in. */

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
/* How a reproducer makes its object, one function per kind of backing (the fixture of each
 * backing names its call: its c_setup). Each sets c->fd (and c->obj_base) and returns
 * 0, or says why not and returns RT_SETUP_FAILED. */

#include <errno.h>
#include <fcntl.h>
#include <linux/vfio.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* The device keeps its bytes from run to run: start from zeros, as every case does. */
static int rt_zero(int fd, uint64_t off, uint64_t n, const char *what) {
  void *z;
  if (!n) return 0;
  z = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);
  if (z == MAP_FAILED) {
    fprintf(stderr, "mmap to zero %s: %s\n", what, strerror(errno));
    return RT_SETUP_FAILED;
  }
  memset(z, 0, n);
  munmap(z, n);
  return 0;
}

/* A memfd_create(2) object of `size` bytes (flags: MFD_HUGETLB | MFD_HUGE_2MB for hugetlbfs). */
int rt_setup_memfd(struct rt_ctx *c, unsigned flags, uint64_t size) {
  c->fd = memfd_create("repro", MFD_CLOEXEC | flags);
  if (c->fd < 0 || ftruncate(c->fd, (off_t)size) != 0) {
    perror("memfd_create");
    return RT_SETUP_FAILED;
  }
  return 0;
}

/* An unnamed file in `dir` (O_TMPFILE) of `size` bytes; `allocate`: its blocks allocated up front
 * (fallocate), as daxprop's fs-dax files are. */
int rt_setup_tmpfile(struct rt_ctx *c, const char *dir, uint64_t size, int allocate) {
  c->fd = open(dir, O_TMPFILE | O_RDWR, 0600);
  if (c->fd < 0 || (allocate ? fallocate(c->fd, 0, 0, (off_t)size) : ftruncate(c->fd, (off_t)size)) != 0) {
    perror(dir);
    return RT_SETUP_FAILED;
  }
  return 0;
}

/* A device-dax character device, its first zero_len bytes zeroed. */
int rt_setup_devdax(struct rt_ctx *c, const char *dev, uint64_t zero_len) {
  c->fd = open(dev, O_RDWR);
  if (c->fd < 0) {
    perror(dev);
    return RT_SETUP_FAILED;
  }
  return rt_zero(c->fd, 0, zero_len, dev);
}

/* A PCI device bound to vfio-pci (its whole IOMMU group), opened through VFIO; the object is
 * region `index` (a BAR), its first zero_len bytes zeroed. A group opens once per process: a
 * later call (a racing trace's next repetition) gets the same device again. */
static int rt_vfio_dev = -1;
static uint64_t rt_vfio_base;
int rt_setup_vfio(struct rt_ctx *c, const char *bdf, unsigned index, uint64_t zero_len) {
  char path[320], link[256], *g;
  ssize_t n;
  int container, group;
  struct vfio_group_status gs;
  struct vfio_region_info ri;
  memset(&gs, 0, sizeof gs);
  gs.argsz = sizeof gs;
  memset(&ri, 0, sizeof ri);
  ri.argsz = sizeof ri;
  ri.index = index;
  if (!bdf) {
    fprintf(stderr, "usage: repro PCI-ADDRESS (a device bound to vfio-pci)\n");
    return RT_SETUP_FAILED;
  }
  if (rt_vfio_dev >= 0) {
    c->fd = dup(rt_vfio_dev);
    c->obj_base = rt_vfio_base;
    if (c->fd < 0) {
      perror("dup");
      return RT_SETUP_FAILED;
    }
    return rt_zero(c->fd, c->obj_base, zero_len, "the BAR");
  }
  snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/iommu_group", bdf);
  n = readlink(path, link, sizeof link - 1);
  if (n < 0) {
    perror(path);
    return RT_SETUP_FAILED;
  }
  link[n] = 0;
  g = strrchr(link, '/');
  snprintf(path, sizeof path, "/dev/vfio/%s", g ? g + 1 : link);
  container = open("/dev/vfio/vfio", O_RDWR);
  group = open(path, O_RDWR);
  if (container < 0 || group < 0) {
    perror(container < 0 ? "/dev/vfio/vfio" : path);
    return RT_SETUP_FAILED;
  }
  if (ioctl(group, VFIO_GROUP_GET_STATUS, &gs) || !(gs.flags & VFIO_GROUP_FLAGS_VIABLE)) {
    fprintf(stderr, "%s: IOMMU group not viable (every device in it must be bound to vfio-pci)\n", path);
    return RT_SETUP_FAILED;
  }
  if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) ||
      (ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) && ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU))) {
    perror("VFIO container");
    return RT_SETUP_FAILED;
  }
  c->fd = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
  if (c->fd < 0) {
    perror("VFIO_GROUP_GET_DEVICE_FD");
    return RT_SETUP_FAILED;
  }
  if (ioctl(c->fd, VFIO_DEVICE_GET_REGION_INFO, &ri) || ri.size < zero_len) {
    fprintf(stderr, "%s: region %u is missing or smaller than 0x%llx bytes\n", bdf, index,
            (unsigned long long)zero_len);
    return RT_SETUP_FAILED;
  }
  c->obj_base = ri.offset;
  rt_vfio_dev = dup(c->fd);
  rt_vfio_base = ri.offset;
  return rt_zero(c->fd, c->obj_base, zero_len, "the BAR");
}

/* ---- The trace: its ops, as the runtime carries them out ---- */
static const struct rt_op ops[] = {
  /* 1 map m0 len=0x40000000 off=0x0 prot=rw flags=shared */
  {.kind = RT_MAP, .prot = 3, .flags = 0x1U, .len = 0x40000000ULL},
  /* 2 write m0+0x0 len=0x8 pat=0x7 */
  {.kind = RT_WRITE, .pat = 0x7U, .len = 0x8ULL},
  /* 3 mprotect m0+0x0 len=0x40000000 prot=none */
  {.kind = RT_MPROTECT, .len = 0x40000000ULL},
  /* 4 mprotect m0+0x0 len=0x40000000 prot=r */
  {.kind = RT_MPROTECT, .prot = 1, .len = 0x40000000ULL},
  /* 5 read m0+0x0 len=0x8 */
  {.kind = RT_READ, .len = 0x8ULL},
};
static const char *const names[] = {
  "map m0 len=0x40000000 off=0x0 prot=rw flags=shared",
  "write m0+0x0 len=0x8 pat=0x7",
  "mprotect m0+0x0 len=0x40000000 prot=none",
  "mprotect m0+0x0 len=0x40000000 prot=r",
  "read m0+0x0 len=0x8",
  NULL};

/* What a correct kernel does in each (daxprop's model). */
static const uint8_t want4[] = {
  184,65,161,120,189,27,196,215,
};
static const uint8_t known4[] = {
  1,1,1,1,1,1,1,1,
};
static const struct rt_expect expected[] = {
  {.kind = RT_OK, .units = -1},
  {.kind = RT_OK, .units = -1},
  {.kind = RT_OK, .units = -1},
  {.kind = RT_OK, .units = -1},
  {.kind = RT_OK, .data = want4, .known = known4, .data_len = 0x8ULL, .units = -1},
};

/* The object (none: anonymous memory). */
static int setup(struct rt_ctx *c, int argc, char **argv) {
  (void)c;
  (void)argc;
  (void)argv;
  return rt_setup_devdax(c, argc > 1 ? argv[1] : "/dev/dax0.0", 0x40000000);
}

static const struct rt_trace trace = {5, ops, expected, names, 0x40000000ULL, 60, setup};

int main(int argc, char **argv) { return rt_repro_main(&trace, argc, argv); }
