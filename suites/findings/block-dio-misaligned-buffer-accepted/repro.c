/* daxprop reproducer (generated; needs no daxprop to build or run).
 * property regress on backing memfd, recorded on kernel 6.12, seed 0.
 * build: cc -O1 -o repro repro.c -luring    run: ./repro
 * Exit status (ready for git bisect run): 0 and "OK" when this kernel does what the trace
 * says a correct kernel does; 1 and "REPRO: ..." when it does not: an op's outcome, a
 * kernel-log report, or a hang (an op still running after REPRO_TIMEOUT seconds, default
 * 60: "REPRO: hang in op N"); 125 and "SETUP: ..." when it cannot set itself up
 * here (no device, module or privilege): bisect skips that kernel.
 *
 * The trace:
 *   map m0 len=0x2000 off=0x0 prot=rw flags=shared
 *   write m0+0x0 len=0x2000 pat=0x3
 *   pin m0+0x414 len=0x1000 via=odirect_read pat=0x7
 *   pin m0+0x1 len=0x200 via=odirect_read pat=0x8
 *   pin m0+0x1 len=0x200 via=odirect_write
 *   pin m0+0x414 len=0x1000 via=odirect_write
 */
#define MAX_HANDLES 1
#define MAX_UNITS 1
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <linux/memfd.h>
#include <linux/vfio.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MFD_HUGE_2MB
#define MFD_HUGE_2MB (21 << 26)
#endif
#define REPRO_TIMEOUT_S 60
static const char *op_names[] = {
  "map m0 len=0x2000 off=0x0 prot=rw flags=shared",
  "write m0+0x0 len=0x2000 pat=0x3",
  "pin m0+0x414 len=0x1000 via=odirect_read pat=0x7",
  "pin m0+0x1 len=0x200 via=odirect_read pat=0x8",
  "pin m0+0x1 len=0x200 via=odirect_write",
  "pin m0+0x414 len=0x1000 via=odirect_write",
  NULL};
static const char *bad_patterns[] = {"WARNING:", "BUG:", "Oops", "Bad page", "bad pmd", "bad pud", "kernel BUG", "general protection fault", "Kernel panic", "list_del corruption", "UBSAN:", NULL};
/* Where the child is, for the watchdog: phase 0 setup, 1 op `op`, 2 teardown. */
static struct progress { volatile int phase, op; } *prog;
/* Added to every file offset: where the object starts in its file (a VFIO region). */
static uint64_t obj_base = 0x0ULL;


enum kind { OK = 0, ERR = 1, SIG = 2 };
struct outcome {
  int kind, err, sig, code, lsb;
  uint64_t fault_off, n;
  int has_n;
  uint8_t *data;
  uint64_t data_len;
  int n_faults;                  /* probe: page faults per 2 MiB unit touched */
  uint32_t faults[MAX_UNITS];
  int has_mmio;                  /* kvm: the guest stopped in an MMIO exit at slot offset mmio */
  uint64_t mmio;
  int has_pages;                 /* kvm: pages_4k, pages_2m, pages_1g after the access */
  uint64_t pages[3];
  uint64_t *dirty_map;           /* kvm_dirty: the log's bitmap, dirty_bits pages */
  uint64_t dirty_bits;
  int held;                      /* truncate/punch: still waiting for the held read's pin */
};
/* probe: the faults summed over units [first, first + n) must lie in [min, max]. */
struct fbound {
  int first, n;
  uint32_t min, max;
  const char *why;
};
struct expect {
  int kind, err, sig, code, lsb;  /* lsb: si_addr_lsb of a BUS_MCEERR_* SIGBUS; 0: not checked */
  uint64_t fault_off, n;
  int has_n;
  const uint8_t *data, *known;  /* reads: expected bytes; known[i] = 0: unspecified */
  uint64_t data_len;
  /* large reads instead: CRC-32 of each 4 KiB block, the unspecified bytes counted as 0 (they
   * are listed as [from, to) ranges in unknown) */
  const uint32_t *block_crc;
  const uint64_t *unknown;
  int n_unknown;
  int units;                    /* probe: units to report (-1: not checked) */
  int any_off;                  /* the signal may name another mapping of the page: no offset check */
  int has_mmio;
  uint64_t mmio;
  uint64_t kvm_min_2m, kvm_min_1g; /* kvm: huge stage-2 mappings due (2 MiB units, 1 GiB pages) */
  int kvm_stop;  /* kvm: -EFAULT due; an MMIO exit keeps stale data out as well */
  const uint64_t *must_dirty;    /* kvm_dirty: pages the guest wrote, which the log must report */
  int n_must;
  const struct fbound *bounds;
  int n_bounds;
  int held;
};

/* Exit status: 0 the kernel behaves, 1 the bug shows (a hang included), SETUP_FAILED (125, "skip"
 * to git bisect run) the reproducer cannot set itself up here. */
#define SETUP_FAILED 125

static int fd = -1;
static uint8_t *maps[MAX_HANDLES];
static uint64_t lens[MAX_HANDLES];
static int moves;

static uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
/* Position-dependent bytes: a page at the wrong offset is told apart from the right one. */
static void pattern_fill(uint32_t pat, uint8_t *out, uint64_t n) {
  uint64_t key = (uint64_t)pat << 40, i;
  for (i = 0; i < n; i++) {
    uint64_t w = splitmix64(key ^ (i >> 3));
    out[i] = ((uint8_t *)&w)[i & 7];
  }
}

static sigjmp_buf *volatile jump;
static volatile int f_sig, f_code, f_lsb;
static volatile uintptr_t f_addr;
static void on_fault(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (!jump) { signal(sig, SIG_DFL); raise(sig); return; }
  f_sig = sig; f_code = si->si_code; f_addr = (uintptr_t)si->si_addr;
  f_lsb = sig == SIGBUS && (si->si_code == BUS_MCEERR_AR || si->si_code == BUS_MCEERR_AO)
              ? si->si_addr_lsb : 0;
  siglongjmp(*jump, 1);
}
static void guard_install(void) {
  static char stack[65536];
  stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack };
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigaltstack(&ss, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
}
/* Copy through a mapping a page at a time; a fault stops it on a page boundary. */
static void access_mapping(struct outcome *o, int h, uint64_t off, uint64_t len, uint32_t pat,
                           int write) {
  uint8_t *base = maps[h], *buf = malloc(len ? len : 1);
  volatile uint64_t done = 0;
  sigjmp_buf env;
  if (write) pattern_fill(pat, buf, len);
  if (sigsetjmp(env, 0)) {
    jump = NULL;
    o->kind = SIG; o->sig = f_sig; o->code = f_code; o->lsb = f_lsb;
    o->fault_off = (f_addr & ~(uintptr_t)4095) - (uintptr_t)base;
    if (write) free(buf); else { o->data = buf; o->data_len = done; }
    return;
  }
  jump = &env;
  while (done < len) {
    uintptr_t a = (uintptr_t)base + off + done;
    uint64_t chunk = 4096 - (a & 4095);
    if (chunk > len - done) chunk = len - done;
    if (write) memcpy(base + off + done, buf + done, chunk);
    else memcpy(buf + done, base + off + done, chunk);
    done = done + chunk;
  }
  jump = NULL;
  if (write) free(buf); else { o->data = buf; o->data_len = len; }
}
/* Page faults this thread has taken (mm/memory.c mm_account_fault charges each to current). */
static uint64_t thread_faults(void) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  return (uint64_t)ru.ru_minflt + (uint64_t)ru.ru_majflt;
}
/* Touch one byte per 4 KiB page (store: write back the byte read) and count the faults taken
 * in each 2 MiB of address space: one for a PMD, one per 1 GiB for a PUD, one per page else. */
static void probe_mapping(struct outcome *o, int h, uint64_t off, uint64_t len, int store) {
  uint8_t *base = maps[h];
  volatile uintptr_t a = (uintptr_t)base + off;
  uintptr_t end = (uintptr_t)base + off + len;
  sigjmp_buf env;
  /* Faults that are not the probe's come first: after fork the stack is copy-on-write, and
   * a process faults its own code in on first use. */
  (void)thread_faults();
  madvise((void *)((uintptr_t)&probe_mapping & ~(uintptr_t)4095), 2 * 4096, MADV_POPULATE_READ);
  if (sigsetjmp(env, 0)) {
    jump = NULL;
    o->kind = SIG; o->sig = f_sig; o->code = f_code; o->lsb = f_lsb;
    o->fault_off = (f_addr & ~(uintptr_t)4095) - (uintptr_t)base;
    return;
  }
  jump = &env;
  while (a < end) {
    uintptr_t unit_end = (a & ~(uintptr_t)0x1fffff) + 0x200000;
    uint64_t before = thread_faults();
    if (unit_end > end) unit_end = end;
    for (; a < unit_end; a = (a & ~(uintptr_t)4095) + 4096) {
      volatile uint8_t *q = (volatile uint8_t *)a;
      uint8_t v = *q;
      if (store) *q = v;
    }
    if (o->n_faults < MAX_UNITS) o->faults[o->n_faults++] = (uint32_t)(thread_faults() - before);
  }
  jump = NULL;
}
static int read_full(int f, void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(f, (char *)buf + got, n - got);
    if (r <= 0) return 0;
    got += (size_t)r;
  }
  return 1;
}
/* madvise(MADV_HWPOISON) signals the caller before it returns: observe it like a fault. */
static void guarded_madvise(struct outcome *o, int h, uint64_t off, uint64_t len, int advice) {
  sigjmp_buf env;
  long rc;
  if (sigsetjmp(env, 0)) {
    jump = NULL;
    o->kind = SIG; o->sig = f_sig; o->code = f_code; o->lsb = f_lsb;
    o->fault_off = (f_addr & ~(uintptr_t)4095) - (uintptr_t)maps[h];
    return;
  }
  jump = &env;
  rc = madvise(maps[h] + off, len, advice);
  jump = NULL;
  if (rc < 0) { o->kind = ERR; o->err = errno; }
}
static void result(struct outcome *o, long rc) {
  if (rc < 0) { o->kind = ERR; o->err = errno; }
}

static void run_op(int k, struct outcome *o);

/* fork pN: the child keeps the address space and runs the ops it is sent. */
static int peer_to[8], peer_from[8];
static void start_peer(int p) {
  int down[2], up[2];
  if (pipe(down) || pipe(up)) { perror("pipe"); exit(SETUP_FAILED); }
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); exit(SETUP_FAILED); }
  if (pid == 0) {
    int k;
    struct outcome o;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(down[1]);  /* else the child keeps its own input open and never sees EOF */
    close(up[0]);
    while (read(down[0], &k, sizeof k) == sizeof k) {
      memset(&o, 0, sizeof o);
      run_op(k, &o);
      if (write(up[1], &o, sizeof o) != sizeof o) _exit(1);
      if (o.data_len && write(up[1], o.data, o.data_len) != (ssize_t)o.data_len) _exit(1);
    }
    _exit(0);
  }
  close(down[0]);
  close(up[1]);
  peer_to[p] = down[1];
  peer_from[p] = up[0];
}
static void on_peer(int p, int k, struct outcome *o) {
  if (write(peer_to[p], &k, sizeof k) != sizeof k || !read_full(peer_from[p], o, sizeof *o)) {
    o->kind = SIG; o->sig = SIGKILL; o->code = 0; o->data_len = 0;  /* the process died */
    o->data = NULL;
    o->dirty_map = NULL;
    return;
  }
  o->data = NULL;  /* the child's pointers mean nothing here */
  o->dirty_map = NULL;
  if (o->data_len) {
    uint64_t got = 0;
    o->data = malloc(o->data_len);
    while (got < o->data_len) {
      ssize_t r = read(peer_from[p], o->data + got, o->data_len - got);
      if (r <= 0) break;
      got += r;
    }
  }
}

/* Kernel health, as daxprop judges it: a new kernel-log record matching one of bad_patterns
 * (daxprop's own list, src/kmsg.cc) while the ops ran is a finding, named by the op it was
 * logged during. Without /dev/kmsg (not root) this check is skipped and says so. */
static int kmsg_fd = -1;
static void kmsg_start(void) {
  kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
  if (kmsg_fd < 0) { fprintf(stderr, "note: /dev/kmsg not readable: kernel log not checked\n"); return; }
  lseek(kmsg_fd, 0, SEEK_END);
}
/* Each op is named in the kernel log before it runs: after a panic, the console says which. */
static void kmsg_mark(int k) {
  char rec[600];
  int w = open("/dev/kmsg", O_WRONLY);
  if (w < 0) return;
  snprintf(rec, sizeof rec, "<5>daxprop-repro: op %d (%.500s)\n", k + 1, op_names[k]);
  if (write(w, rec, strlen(rec)) < 0) { /* no kernel log: nothing to mark */ }
  close(w);
}
static void kmsg_check(int k) {
  char rec[8192];
  ssize_t n;
  int i;
  if (kmsg_fd < 0) return;
  while ((n = read(kmsg_fd, rec, sizeof rec - 1)) != 0) {
    if (n < 0) { if (errno == EPIPE) continue; break; }
    rec[n] = 0;
    for (i = 0; bad_patterns[i]; i++) {
      if (strstr(rec, bad_patterns[i])) {
        char *msg = strchr(rec, ';'), *nl;
        msg = msg ? msg + 1 : rec;
        if ((nl = strchr(msg, '\n'))) *nl = 0;
        if (k >= 0) printf("REPRO: kernel log during op %d (%s): %s\n", k + 1, op_names[k], msg);
        else printf("REPRO: kernel log after the last op (the teardown): %s\n", msg);
        exit(1);
      }
    }
  }
}

static const char *describe(int kind, int err, int sig, int code, uint64_t off, int lsb,
                            char *buf) {
  if (kind == OK) return "ok";
  if (kind == ERR) { snprintf(buf, 96, "errno %d (%s)", err, strerror(err)); return buf; }
  snprintf(buf, 96, "signal %d si_code %d at page +0x%llx (lsb %d)", sig, code,
           (unsigned long long)off, lsb);
  return buf;
}
/* CRC-32 (IEEE), as daxprop computes it. */
static uint32_t crc32_of(const uint8_t *p, uint64_t n) {
  uint32_t c = 0xFFFFFFFFu;
  uint64_t i;
  int j;
  for (i = 0; i < n; i++) {
    c ^= p[i];
    for (j = 0; j < 8; j++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}
/* Compare one op's outcome with the expectation; print REPRO and exit 1 on a difference. */
static void check(int k, const char *op, const struct outcome *o, const struct expect *e) {
  char a[96], b[96];
  uint64_t i;
  if (e->kvm_stop && o->kind == OK && o->has_mmio) return;
  if (o->kind != e->kind || o->err != e->err || o->sig != e->sig || o->code != e->code ||
      (o->kind == SIG && o->fault_off != e->fault_off && !e->any_off) ||
      (e->lsb && o->lsb != e->lsb)) {
    printf("REPRO: op %d (%s): expected %s, got %s\n", k + 1, op,
           describe(e->kind, e->err, e->sig, e->code, e->fault_off, e->lsb, a),
           describe(o->kind, o->err, o->sig, o->code, o->fault_off, o->lsb, b));
    exit(1);
  }
  if (e->has_n && (!o->has_n || o->n != e->n)) {
    printf("REPRO: op %d (%s): expected %llu bytes, got %llu\n", k + 1, op,
           (unsigned long long)e->n, (unsigned long long)o->n);
    exit(1);
  }
  if (o->held != e->held) {
    printf("REPRO: op %d (%s): expected it %s, got it %s\n", k + 1, op,
           e->held ? "held back by the pinned page until the release" : "done at once",
           o->held ? "held back (still running after IF_HOLD_MS)" : "done at once");
    exit(1);
  }
  if (o->has_mmio != e->has_mmio || (o->has_mmio && o->mmio != e->mmio)) {
    printf("REPRO: op %d (%s): expected %s, got %s\n", k + 1, op,
           e->has_mmio ? "an MMIO exit" : "no MMIO exit", o->has_mmio ? "an MMIO exit" : "none");
    exit(1);
  }
  if (o->kind == OK && (e->kvm_min_2m || e->kvm_min_1g) &&
      (!o->has_pages || o->pages[1] + 512 * o->pages[2] < e->kvm_min_2m ||
       o->pages[2] < e->kvm_min_1g)) {
    printf("REPRO: op %d (%s): KVM maps pages_2m=%llu pages_1g=%llu, expected at least %llu 2 MiB "
           "units / %llu 1 GiB pages (the host maps it huge)\n", k + 1, op,
           (unsigned long long)o->pages[1], (unsigned long long)o->pages[2],
           (unsigned long long)e->kvm_min_2m, (unsigned long long)e->kvm_min_1g);
    exit(1);
  }
  for (i = 0; o->kind == OK && i < (uint64_t)e->n_must; i++) {
    uint64_t p = e->must_dirty[i];
    if (!o->dirty_map || p >= o->dirty_bits || !(o->dirty_map[p / 64] >> (p % 64) & 1)) {
      printf("REPRO: op %d (%s): the guest wrote page %llu but the dirty log does not report it\n",
             k + 1, op, (unsigned long long)p);
      exit(1);
    }
  }
  if (o->kind == OK && e->units >= 0 && o->n_faults != e->units) {
    printf("REPRO: op %d (%s): expected fault counts for %d 2 MiB units, got %d\n", k + 1, op,
           e->units, o->n_faults);
    exit(1);
  }
  for (i = 0; o->kind == OK && i < (uint64_t)e->n_bounds; i++) {
    const struct fbound *b = &e->bounds[i];
    uint64_t sum = 0;
    int u;
    for (u = b->first; u < b->first + b->n && u < o->n_faults; u++) sum += o->faults[u];
    if (sum < b->min || sum > b->max) {
      printf("REPRO: op %d (%s): %llu page faults in units %d..%d, expected %u..%u (%s)\n", k + 1,
             op, (unsigned long long)sum, b->first, b->first + b->n - 1, b->min, b->max, b->why);
      exit(1);
    }
  }
  if (e->block_crc) {
    uint64_t b, j;
    if (o->data_len != e->data_len) {
      printf("REPRO: op %d (%s): expected %llu bytes read, got %llu\n", k + 1, op,
             (unsigned long long)e->data_len, (unsigned long long)o->data_len);
      exit(1);
    }
    for (j = 0; j < (uint64_t)e->n_unknown; j++) {
      memset(o->data + e->unknown[2 * j], 0, e->unknown[2 * j + 1] - e->unknown[2 * j]);
    }
    for (b = 0; b * 4096 < e->data_len; b++) {
      uint64_t n = e->data_len - b * 4096 < 4096 ? e->data_len - b * 4096 : 4096;
      uint32_t c = crc32_of(o->data + b * 4096, n);
      if (c != e->block_crc[b]) {
        printf("REPRO: op %d (%s): the bytes read at +0x%llx..+0x%llx are not what a correct "
               "kernel holds there (CRC-32 0x%08x, expected 0x%08x); they start",
               k + 1, op, (unsigned long long)(b * 4096), (unsigned long long)(b * 4096 + n),
               c, e->block_crc[b]);
        for (j = 0; j < 16 && j < n; j++) printf(" %02x", o->data[b * 4096 + j]);
        printf("\n");
        exit(1);
      }
    }
  }
  if (e->data) {
    if (o->data_len != e->data_len) {
      printf("REPRO: op %d (%s): expected %llu bytes read, got %llu\n", k + 1, op,
             (unsigned long long)e->data_len, (unsigned long long)o->data_len);
      exit(1);
    }
    for (i = 0; i < e->data_len; i++) {
      if (e->known[i] && o->data[i] != e->data[i]) {
        printf("REPRO: op %d (%s): byte +0x%llx is 0x%02x, expected 0x%02x\n", k + 1, op,
               (unsigned long long)i, o->data[i], e->data[i]);
        exit(1);
      }
    }
  }
}

/* O_DIRECT I/O against a real block device (src/odirect.c): C, shared verbatim with the
 * reproducers. */
#ifndef DAXPROP_ODIRECT_H
#define DAXPROP_ODIRECT_H

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OD_SIZE (8u << 20) /* bytes of the scratch device */

struct od_dev {
  int backing; /* memfd behind the loop device */
  int bdev;    /* /dev/loopN, O_DIRECT */
};

/* A loop device over a fresh memfd, detached by the kernel when its last opener closes
 * (LO_FLAGS_AUTOCLEAR). 0 or -errno. */
int od_open(struct od_dev *d);
void od_close(struct od_dev *d);
/* O_DIRECT read of len bytes at device offset 0 into dst, after putting `src` there;
 * returns bytes read or -errno. */
ssize_t od_read(struct od_dev *d, void *dst, const void *src, uint64_t len);
/* O_DIRECT write of len bytes from src to device offset 0; the bytes that reached the device
 * are copied to `back`. Returns bytes written or -errno. */
ssize_t od_write(struct od_dev *d, const void *src, void *back, uint64_t len);

#ifdef __cplusplus
}
#endif

#endif
/* O_DIRECT to a block device pins the user pages for the I/O (block/fops.c
 * __blkdev_direct_IO_simple: bio_iov_iter_get_pages, FOLL_PIN, short-term) -- unlike O_DIRECT on
 * tmpfs, which is a buffered copy. A loop device over a memfd is a real block device that
 * touches nothing of the machine's. */



#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

int od_open(struct od_dev *d) {
  int ctl, tries;
  d->backing = d->bdev = -1;
  d->backing = memfd_create("daxprop-bdev", MFD_CLOEXEC);
  if (d->backing < 0 || ftruncate(d->backing, OD_SIZE) != 0) return -errno;
  ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
  if (ctl < 0) return -errno;
  for (tries = 0; tries < 16; tries++) {
    struct loop_config cfg;
    char path[64];
    int n = ioctl(ctl, LOOP_CTL_GET_FREE);
    if (n < 0) break;
    snprintf(path, sizeof path, "/dev/loop%d", n);
    d->bdev = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
    if (d->bdev < 0) continue;
    memset(&cfg, 0, sizeof cfg);
    cfg.fd = (uint32_t)d->backing;
    cfg.block_size = 512;
    cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR;
    if (ioctl(d->bdev, LOOP_CONFIGURE, &cfg) == 0) {
      close(ctl);
      return 0;
    }
    close(d->bdev); /* taken by someone else meanwhile (EBUSY): the next free one */
    d->bdev = -1;
  }
  {
    int e = errno ? -errno : -ENODEV;
    close(ctl);
    return e;
  }
}

void od_close(struct od_dev *d) {
  if (d->bdev >= 0) close(d->bdev);
  if (d->backing >= 0) close(d->backing);
  d->bdev = d->backing = -1;
}

ssize_t od_read(struct od_dev *d, void *dst, const void *src, uint64_t len) {
  ssize_t n;
  if (pwrite(d->backing, src, len, 0) != (ssize_t)len) return -EIO;
  n = pread(d->bdev, dst, len, 0);
  return n < 0 ? -errno : n;
}

ssize_t od_write(struct od_dev *d, const void *src, void *back, uint64_t len) {
  ssize_t n = pwrite(d->bdev, src, len, 0);
  if (n < 0) return -errno;
  if (n > 0 && pread(d->backing, back, (size_t)n, 0) != n) return -EIO;
  return n;
}

static struct od_dev od;
static int od_ready;
static void pin_odirect(struct outcome *o, int h, uint64_t off, uint64_t len, int write,
                        uint32_t pat) {
  uint8_t *buf = malloc(len ? len : 1);
  ssize_t n;
  if (!od_ready) {
    int rc = od_open(&od);
    if (rc < 0) { o->kind = ERR; o->err = -rc; od_close(&od); free(buf); return; }
    od_ready = 1;
  }
  if (!write) {
    pattern_fill(pat, buf, len);
    n = od_read(&od, maps[h] + off, buf, len);
  } else {
    n = od_write(&od, maps[h] + off, buf, len);
  }
  if (n < 0) { o->kind = ERR; o->err = (int)-n; free(buf); return; }
  o->has_n = 1; o->n = (uint64_t)n;
  if (write) { o->data = buf; o->data_len = (uint64_t)n; } else { free(buf); }
}

static const struct expect expected[] = {
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {1, 22, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {1, 22, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {1, 22, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {1, 22, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
};

static void run_op(int k, struct outcome *o) {
  switch (k) {
    case 0: /* map m0 len=0x2000 off=0x0 prot=rw flags=shared */
      {
        void *p = mmap((void *)0x200000000000ULL, 0x2000ULL, 3, 0x1, fd, (off_t)(obj_base + 0x0ULL));
        if (p == MAP_FAILED) { o->kind = ERR; o->err = errno; break; }
        maps[0] = p;
        lens[0] = 0x2000ULL;
      }
      break;
    case 1: /* write m0+0x0 len=0x2000 pat=0x3 */
      access_mapping(o, 0, 0x0ULL, 0x2000ULL, 0x3, 1);
      break;
    case 2: /* pin m0+0x414 len=0x1000 via=odirect_read pat=0x7 */
      pin_odirect(o, 0, 0x414ULL, 0x1000ULL, 0, 0x7);
      break;
    case 3: /* pin m0+0x1 len=0x200 via=odirect_read pat=0x8 */
      pin_odirect(o, 0, 0x1ULL, 0x200ULL, 0, 0x8);
      break;
    case 4: /* pin m0+0x1 len=0x200 via=odirect_write */
      pin_odirect(o, 0, 0x1ULL, 0x200ULL, 1, 0x0);
      break;
    case 5: /* pin m0+0x414 len=0x1000 via=odirect_write */
      pin_odirect(o, 0, 0x414ULL, 0x1000ULL, 1, 0x0);
      break;
  }
}

/* The trace as the daxprop executor runs it: setup, ops in order (peers' ops sent to them),
 * each outcome checked, then the teardown. Returns the exit status. */
static int repro_main(int argc, char **argv) {
  static const int procs[] = {0, 0, 0, 0, 0, 0, 0};
  const char *stall = getenv("REPRO_SELFTEST_HANG");
  int k;
  (void)argc;
  (void)argv;
  (void)procs;
  (void)lens;
  (void)moves;
  (void)obj_base;
  (void)probe_mapping;
  (void)guarded_madvise;
  (void)access_mapping;
  (void)result;
  (void)start_peer;
  signal(SIGPIPE, SIG_IGN);
  guard_install();
  kmsg_start();
  fd = memfd_create("repro", MFD_CLOEXEC);
  if (fd < 0 || ftruncate(fd, 0x10000) != 0) { perror("object"); return SETUP_FAILED; }

  for (k = 0; op_names[k]; k++) {
    struct outcome o;
    prog->op = k;
    prog->phase = 1;
    /* A self-test of the watchdog: stall in op N as a hung kernel would. */
    if (stall && atoi(stall) == k + 1) for (;;) pause();
    memset(&o, 0, sizeof o);
    kmsg_mark(k);
    if (procs[k]) on_peer(procs[k], k, &o); else run_op(k, &o);
    check(k, op_names[k], &o, &expected[k]);
    kmsg_check(k);
    free(o.data);
    free(o.dirty_map);
  }
  prog->phase = 2;
  /* The mappings go away at exit; their teardown is part of the case, as in daxprop. */
  for (k = 0; k < MAX_HANDLES; k++) if (maps[k]) munmap(maps[k], lens[k]);
  for (k = 1; k < 8; k++) if (peer_to[k]) close(peer_to[k]);
  while (wait(NULL) > 0) {}
  kmsg_check(-1);
  printf("OK: all ops behaved as expected\n");
  return 0;
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

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
int main(int argc, char **argv) {
  const char *e = getenv("REPRO_TIMEOUT");
  double limit = REPRO_TIMEOUT_S, since;
  int st, i, phase = 0, op = -1;
  pid_t pid;
  if (e && *e) {
    char *end;
    limit = strtod(e, &end);
    if (*end || !(limit > 0)) {
      fprintf(stderr, "REPRO_TIMEOUT: not a number of seconds: %s\n", e);
      return SETUP_FAILED;
    }
  }
  prog = mmap(NULL, sizeof *prog, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (prog == MAP_FAILED) { perror("mmap"); return SETUP_FAILED; }
  prog->op = -1;
  fflush(stdout);
  pid = fork();
  if (pid < 0) { perror("fork"); return SETUP_FAILED; }
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    exit(repro_main(argc, argv));
  }
  setpgid(pid, pid);
  since = now_s();
  while (waitpid(pid, &st, WNOHANG) == 0) {
    if (prog->phase != phase || prog->op != op) { phase = prog->phase; op = prog->op; since = now_s(); }
    if (now_s() - since > limit) {
      if (phase == 0) printf("SETUP: the setup did not finish in %g s\n", limit);
      else if (phase == 1) printf("REPRO: hang in op %d (%s): still running after %g s\n", op + 1, op_names[op], limit);
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
      return phase == 0 ? SETUP_FAILED : 1;
    }
    usleep(20000);
  }
  if (WIFSIGNALED(st)) {
    if (prog->phase == 1) {
      printf("REPRO: the reproducer was killed by signal %d (%s) in op %d (%s)\n", WTERMSIG(st),
             strsignal(WTERMSIG(st)), prog->op + 1, op_names[prog->op]);
    } else {
      printf("%s: the reproducer was killed by signal %d (%s) in the %s\n",
             prog->phase ? "REPRO" : "SETUP", WTERMSIG(st), strsignal(WTERMSIG(st)),
             prog->phase ? "teardown" : "setup");
    }
    return prog->phase == 0 ? SETUP_FAILED : 1;
  }
  st = WEXITSTATUS(st);
  if (st == SETUP_FAILED) printf("SETUP: cannot set up here (see above): exit 125, git bisect run skips it\n");
  return st == 0 || st == 1 ? st : SETUP_FAILED;
}
