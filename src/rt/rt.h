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
