/* daxprop reproducer (generated; needs no daxprop to build or run).
 * property regress on backing fsdax_ext4, recorded on kernel 6.12, seed 0.
 * build: cc -O1 -o repro repro.c -luring    run: ./repro ARGS
 * before running: run on a ext4 filesystem mounted -o dax (default /tmp/daxprop-fsdax-dqkHO3; another directory as the first argument)
 * needs: root, and the loop, dm_mod and dm_delay modules (a read is held in flight by a
 * dm-delay device over a loop device: src/inflight.c); exits 2 without them.
 * Exit status (ready for git bisect run): 0 and "OK" when this kernel does what the trace
 * says a correct kernel does; 1 and "REPRO: ..." when it does not: an op's outcome, a
 * kernel-log report, or a hang (an op still running after REPRO_TIMEOUT seconds, default
 * 60: "REPRO: hang in op N"); 125 and "SETUP: ..." when it cannot set itself up
 * here (no device, module or privilege): bisect skips that kernel.
 *
 * The trace:
 *   map m0 len=0x400000 off=0x0 prot=rw flags=shared
 *   write m0+0x0 len=0x400000 pat=0x3
 *   hold_read m0+0x1ff000 len=0x2000 pat=0x9
 *   truncate size=0x200000
 *   sibling_write len=0x400000 pat=0x5
 *   release
 *   sibling_read len=0x800000
 *   sysread off=0x1ff000 len=0x2000
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
  "map m0 len=0x400000 off=0x0 prot=rw flags=shared",
  "write m0+0x0 len=0x400000 pat=0x3",
  "hold_read m0+0x1ff000 len=0x2000 pat=0x9",
  "truncate size=0x200000",
  "sibling_write len=0x400000 pat=0x5",
  "release",
  "sibling_read len=0x800000",
  "sysread off=0x1ff000 len=0x2000",
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

/* A short-term pin held in flight (src/inflight.c): C, shared verbatim with the reproducers.
 *
 * An io_uring O_DIRECT read into user memory pins its pages from submission until the I/O
 * completes (block/fops.c __blkdev_direct_IO_async: bio_iov_iter_get_pages, FOLL_PIN). Here
 * the read goes to a dm-delay device over the scratch loop device (src/odirect.c) that holds
 * it until if_release(): the pin stays in flight, for as long as the ops in between take,
 * however slow the machine. Truncate and punch-hole of a file may then wait for it (fs-dax:
 * ext4/xfs break their DAX layouts first), so they run on a thread while a read is held. */
#ifndef DAXPROP_INFLIGHT_H
#define DAXPROP_INFLIGHT_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>



#ifdef __cplusplus
extern "C" {
#endif

#define IF_SRC_OFF (4u << 20)   /* device offset the held read reads from */
#define IF_MAX_LEN (1u << 20)   /* the largest held read (one bio) */
#define IF_HOLD_MS 300          /* a truncate still running after this is held by the pin */
#define IF_TIMEOUT_MS 30000     /* a release or held call that takes longer hangs */

struct if_held {
  pthread_t thread;
  int kind; /* 1: ftruncate(fd, a); 2: fallocate punch-hole (fd, a, b) */
  int fd;
  uint64_t a, b;
  volatile int done;
  int rc; /* 0 or -errno, once done */
};

struct if_state {
  struct od_dev *od; /* the scratch device the gate sits over */
  char name[64];     /* the dm device, "daxprop-gate-PID-N" */
  int gate;          /* the dm device, O_DIRECT; -1: none yet */
  void *ring;        /* struct io_uring of the held read; NULL: none in flight */
  struct if_held held[4];
  int n_held;
};

void if_init(struct if_state *s, struct od_dev *od);
/* Whether a gate can be made over od (made and removed again): 0 or -errno. */
int if_gate_probe(struct od_dev *od);
/* Submits an O_DIRECT read of len bytes (`src` put on the device first) into dst and returns
 * once the read is held in flight (0), or with its result if it completed at once (bytes, or
 * -errno: a refused pin, an unaligned buffer). */
ssize_t if_hold_read(struct if_state *s, void *dst, const void *src, uint64_t len);
/* ftruncate (kind 1, size a) or punch-hole (kind 2, off a, len b) of fd: its result (0 or
 * -errno), or 1 if it is still running after IF_HOLD_MS (it is held; if_release ends it). */
int if_run(struct if_state *s, int kind, int fd, uint64_t a, uint64_t b);
/* Lets the held read complete and waits for it and for every held call: the read's result
 * (bytes or -errno), -ETIMEDOUT if one of them did not end, or the first held call's error. */
ssize_t if_release(struct if_state *s);
/* Releases what is held and removes the gate. */
void if_close(struct if_state *s);
/* Lets go every read held by the gates process `pid` made (it died holding them). */
void if_release_gates(int pid);

/* The sibling file: a file made next to the backing file (O_TMPFILE in its directory), so
 * blocks the backing file frees can go to it. sibling_write syncs the file system (a freed
 * block is reusable once the journal has committed) and writes len bytes from offset 0;
 * sibling_read reads up to len bytes back. Bytes or -errno. */
ssize_t sibling_write(int obj_fd, int *sib_fd, const void *buf, uint64_t len);
ssize_t sibling_read(int sib_fd, void *buf, uint64_t len);

#ifdef __cplusplus
}
#endif

#endif
/* The held read: dm-delay (drivers/md/dm-delay.c) keeps every read it maps for IF_GATE_MS,
 * and flushes all it holds when the device is suspended (delay_presuspend), so suspend +
 * resume releases the read at a point of our choosing. The read is submitted through io_uring;
 * the device does not take REQ_NOWAIT, so io_uring issues it from an io-wq worker, which pins
 * the pages (bio_iov_iter_get_pages) and submits the bio: the table status's count of held
 * reads says when that has happened. The gate is removed when its last opener closes it
 * (DM_DEFERRED_REMOVE), and a dead process's held read is let go after IF_GATE_MS anyway. */



#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <linux/dm-ioctl.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define IF_GATE_MS 600000u

static uint64_t if_now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static void if_sleep_ms(unsigned ms) {
  struct timespec t = {0, (long)ms * 1000000L};
  nanosleep(&t, NULL);
}

/* One device-mapper ioctl on the gate; `extra` goes after the header. 0 or -errno. */
static int if_dm(const char *name, unsigned long cmd, uint32_t flags, const void *extra,
                 size_t extra_len, char *out, size_t out_len, uint64_t *dev) {
  union {
    struct dm_ioctl io;
    char buf[16384];
  } u;
  int ctl, rc = 0;
  if (extra_len > sizeof u.buf - sizeof u.io) return -EINVAL;
  memset(&u, 0, sizeof u);
  u.io.version[0] = DM_VERSION_MAJOR;
  u.io.data_size = sizeof u;
  u.io.data_start = sizeof u.io;
  u.io.flags = flags;
  u.io.target_count = extra_len ? 1 : 0;
  snprintf(u.io.name, sizeof u.io.name, "%s", name);
  if (extra_len) memcpy(u.buf + sizeof u.io, extra, extra_len);
  ctl = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
  if (ctl < 0) return -errno;
  if (ioctl(ctl, cmd, &u.io) != 0) rc = -errno;
  close(ctl);
  if (rc == 0 && dev) *dev = u.io.dev;
  if (rc == 0 && out && u.io.target_count) {
    /* the status string follows the target spec */
    const char *st = u.buf + u.io.data_start + sizeof(struct dm_target_spec);
    snprintf(out, out_len, "%s", st);
  }
  return rc;
}

#define IF_MAX_GATES 64 /* gates one process makes */

void if_release_gates(int pid) {
  int seq;
  for (seq = 0; seq < IF_MAX_GATES; seq++) {
    char name[64];
    snprintf(name, sizeof name, "daxprop-gate-%d-%d", pid, seq);
    if (if_dm(name, DM_DEV_SUSPEND, DM_SUSPEND_FLAG, NULL, 0, NULL, 0, NULL) == 0) {
      if_dm(name, DM_DEV_SUSPEND, 0, NULL, 0, NULL, 0, NULL);
    }
  }
}

/* The gate, named `name` (held reads: daxprop-gate-PID-N, which if_release_gates finds). */
static int if_gate_open_named(struct if_state *s, const char *name) {
  struct stat st;
  struct {
    struct dm_target_spec spec;
    char params[128];
  } t;
  uint64_t dev = 0;
  char path[64];
  int rc;
  if (fstat(s->od->bdev, &st) != 0) return -errno;
  snprintf(s->name, sizeof s->name, "%s", name);
  memset(&t, 0, sizeof t);
  t.spec.sector_start = 0;
  t.spec.length = OD_SIZE / 512;
  snprintf(t.spec.target_type, sizeof t.spec.target_type, "delay");
  snprintf(t.params, sizeof t.params, "%u:%u 0 %u", major(st.st_rdev), minor(st.st_rdev), IF_GATE_MS);
  rc = if_dm(s->name, DM_DEV_CREATE, 0, NULL, 0, NULL, 0, &dev);
  if (rc < 0) return rc;
  rc = if_dm(s->name, DM_TABLE_LOAD, 0, &t, sizeof t, NULL, 0, NULL);
  if (rc == 0) rc = if_dm(s->name, DM_DEV_SUSPEND, 0, NULL, 0, NULL, 0, NULL); /* resume */
  if (rc == 0) {
    snprintf(path, sizeof path, "/dev/dm-%u", minor((dev_t)dev));
    s->gate = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
    if (s->gate < 0) rc = -errno;
  }
  /* Gone when the last opener closes it, however this process ends. */
  if (if_dm(s->name, DM_DEV_REMOVE, DM_DEFERRED_REMOVE, NULL, 0, NULL, 0, NULL) < 0 && rc == 0) {
    rc = -EIO;
  }
  return rc;
}

static int if_gate_open(struct if_state *s) {
  static int seq;
  char name[64];
  if (seq >= IF_MAX_GATES) return -EMFILE;
  snprintf(name, sizeof name, "daxprop-gate-%d-%d", (int)getpid(), seq++);
  return if_gate_open_named(s, name);
}

void if_init(struct if_state *s, struct od_dev *od) {
  memset(s, 0, sizeof *s);
  s->od = od;
  s->gate = -1;
}

int if_gate_probe(struct od_dev *od) {
  struct if_state s;
  int rc;
  static int seq;
  char name[64];
  /* A name of its own: it holds nothing, and the held reads' numbers stay free. */
  snprintf(name, sizeof name, "daxprop-probe-%d-%d", (int)getpid(), seq++);
  if_init(&s, od);
  rc = if_gate_open_named(&s, name);
  if_close(&s);
  return rc;
}

/* The read's completion if there is one: 1 (res set), 0 (none yet). */
static int if_reap(struct if_state *s, ssize_t *res) {
  struct io_uring_cqe *cqe = NULL;
  if (io_uring_peek_cqe((struct io_uring *)s->ring, &cqe) != 0 || !cqe) return 0;
  *res = cqe->res;
  io_uring_cqe_seen((struct io_uring *)s->ring, cqe);
  return 1;
}

static void if_ring_free(struct if_state *s) {
  io_uring_queue_exit((struct io_uring *)s->ring);
  free(s->ring);
  s->ring = NULL;
}

ssize_t if_hold_read(struct if_state *s, void *dst, const void *src, uint64_t len) {
  struct io_uring_sqe *sqe;
  ssize_t res = 0;
  uint64_t start;
  int rc;
  if (s->ring || len > IF_MAX_LEN) return -EINVAL;
  if (s->gate < 0 && (rc = if_gate_open(s)) < 0) return rc;
  if (pwrite(s->od->backing, src, len, IF_SRC_OFF) != (ssize_t)len) return -EIO;
  s->ring = calloc(1, sizeof(struct io_uring));
  if (!s->ring) return -ENOMEM;
  rc = io_uring_queue_init(4, (struct io_uring *)s->ring, 0);
  if (rc < 0) {
    free(s->ring);
    s->ring = NULL;
    return rc;
  }
  sqe = io_uring_get_sqe((struct io_uring *)s->ring);
  io_uring_prep_read(sqe, s->gate, dst, (unsigned)len, IF_SRC_OFF);
  rc = io_uring_submit((struct io_uring *)s->ring);
  if (rc < 0) {
    if_ring_free(s);
    return rc;
  }
  /* Held once the gate counts it (the pages are pinned before the bio is submitted);
   * a read refused before that completes with its error. */
  start = if_now_ms();
  for (;;) {
    char st[64] = "";
    unsigned reads = 0;
    if (if_reap(s, &res)) {
      if_ring_free(s);
      return res;
    }
    if (if_dm(s->name, DM_TABLE_STATUS, 0, NULL, 0, st, sizeof st, NULL) == 0 &&
        sscanf(st, "%u", &reads) == 1 && reads > 0) {
      return 0;
    }
    if (if_now_ms() - start > IF_TIMEOUT_MS) return -ETIMEDOUT;
    if_sleep_ms(1);
  }
}

static void *if_held_main(void *arg) {
  struct if_held *h = arg;
  int rc = h->kind == 1 ? ftruncate(h->fd, (off_t)h->a)
                        : fallocate(h->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)h->a,
                                    (off_t)h->b);
  h->rc = rc == 0 ? 0 : -errno;
  __atomic_store_n(&h->done, 1, __ATOMIC_RELEASE);
  return NULL;
}

int if_run(struct if_state *s, int kind, int fd, uint64_t a, uint64_t b) {
  struct if_held *h;
  uint64_t start = if_now_ms();
  if (s->n_held == (int)(sizeof s->held / sizeof s->held[0])) return -EBUSY;
  h = &s->held[s->n_held];
  memset(h, 0, sizeof *h);
  h->kind = kind;
  h->fd = fd;
  h->a = a;
  h->b = b;
  if (pthread_create(&h->thread, NULL, if_held_main, h) != 0) return -EAGAIN;
  while (if_now_ms() - start < IF_HOLD_MS) {
    if (__atomic_load_n(&h->done, __ATOMIC_ACQUIRE)) {
      pthread_join(h->thread, NULL);
      return h->rc;
    }
    if_sleep_ms(1);
  }
  s->n_held++;
  return 1;
}

ssize_t if_release(struct if_state *s) {
  ssize_t res = -ENOENT;
  uint64_t start = if_now_ms();
  int i, rc;
  if (!s->ring) return -ENOENT;
  /* Suspend flushes what the gate holds (and waits for it); resume opens it again. */
  rc = if_dm(s->name, DM_DEV_SUSPEND, DM_SUSPEND_FLAG, NULL, 0, NULL, 0, NULL);
  if (rc == 0) rc = if_dm(s->name, DM_DEV_SUSPEND, 0, NULL, 0, NULL, 0, NULL);
  while (!if_reap(s, &res)) {
    if (if_now_ms() - start > IF_TIMEOUT_MS) return -ETIMEDOUT;
    if_sleep_ms(1);
  }
  if_ring_free(s);
  for (i = 0; i < s->n_held; i++) {
    while (!__atomic_load_n(&s->held[i].done, __ATOMIC_ACQUIRE)) {
      if (if_now_ms() - start > IF_TIMEOUT_MS) return -ETIMEDOUT;
      if_sleep_ms(1);
    }
    pthread_join(s->held[i].thread, NULL);
    if (s->held[i].rc < 0 && res >= 0) res = s->held[i].rc;
  }
  s->n_held = 0;
  return rc < 0 ? rc : res;
}

void if_close(struct if_state *s) {
  if (s->ring) if_release(s);
  if (s->gate >= 0) close(s->gate);
  s->gate = -1;
}

/* An unnamed file in the backing file's directory: its fd, or -errno. */
static int if_next_to(int obj_fd) {
  char link[64], path[PATH_MAX];
  ssize_t k;
  int fd;
  snprintf(link, sizeof link, "/proc/self/fd/%d", obj_fd);
  k = readlink(link, path, sizeof path - 1);
  if (k < 0) return -errno;
  path[k] = 0;
  fd = open(dirname(path), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  return fd < 0 ? -errno : fd;
}

ssize_t sibling_write(int obj_fd, int *sib_fd, const void *buf, uint64_t len) {
  ssize_t n;
  if (*sib_fd < 0 && (*sib_fd = if_next_to(obj_fd)) < 0) return *sib_fd;
  if (syncfs(obj_fd) != 0 || ftruncate(*sib_fd, 0) != 0) return -errno;
  n = pwrite(*sib_fd, buf, len, 0);
  return n < 0 ? -errno : n;
}

ssize_t sibling_read(int sib_fd, void *buf, uint64_t len) {
  ssize_t n = pread(sib_fd, buf, len, 0);
  return n < 0 ? -errno : n;
}

static struct od_dev hold_od;
static struct if_state ifs;
static int ifs_ready, sib_fd = -1;
/* The gate is test equipment, not the kernel under test: without it there is nothing to
 * reproduce here (exit 125, as for any other missing setup). */
static int hold_setup(struct outcome *o) {
  int rc;
  (void)o;
  if (ifs_ready) return 1;
  rc = od_open(&hold_od);
  if (rc == 0) rc = if_gate_probe(&hold_od);
  if (rc < 0) {
    printf("SETUP: cannot hold a read in flight: a dm-delay device over a loop device (needs "
           "root and the loop, dm_mod and dm_delay modules): %s\n", strerror(-rc));
    exit(SETUP_FAILED);
  }
  if_init(&ifs, &hold_od);
  ifs_ready = 1;
  return 1;
}
static void hold_read_op(struct outcome *o, int h, uint64_t off, uint64_t len, uint32_t pat) {
  uint8_t *src = malloc(len ? len : 1);
  ssize_t n;
  if (!hold_setup(o)) { free(src); return; }
  pattern_fill(pat, src, len);
  n = if_hold_read(&ifs, maps[h] + off, src, len);
  free(src);
  if (n < 0) { o->kind = ERR; o->err = (int)-n; return; }
  if (!ifs.ring) { o->has_n = 1; o->n = (uint64_t)n; } /* completed at once */
}
static void release_op(struct outcome *o) {
  ssize_t n = ifs_ready ? if_release(&ifs) : -ENOENT;
  if (n < 0) { o->kind = ERR; o->err = (int)-n; return; }
  o->has_n = 1; o->n = (uint64_t)n;
}
/* kind 1: ftruncate(fd, a); 2: punch-hole (a, b). On a thread while a read is held. */
static void layout_op(struct outcome *o, int kind, uint64_t a, uint64_t b) {
  if (ifs_ready && ifs.ring) {
    int rc = if_run(&ifs, kind, fd, a, b);
    if (rc < 0) { o->kind = ERR; o->err = -rc; return; }
    o->held = rc == 1;
    return;
  }
  result(o, kind == 1 ? ftruncate(fd, (off_t)a)
                      : fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)a, (off_t)b));
}
static void sibling_write_op(struct outcome *o, uint64_t len, uint32_t pat) {
  uint8_t *buf = malloc(len ? len : 1);
  ssize_t n;
  pattern_fill(pat, buf, len);
  n = sibling_write(fd, &sib_fd, buf, len);
  free(buf);
  if (n < 0) { o->kind = ERR; o->err = (int)-n; return; }
  o->has_n = 1; o->n = (uint64_t)n;
}
static void sibling_read_op(struct outcome *o, uint64_t len) {
  uint8_t *buf = malloc(len ? len : 1);
  ssize_t n = sib_fd < 0 ? -EBADF : sibling_read(sib_fd, buf, len);
  if (n < 0) { o->kind = ERR; o->err = (int)-n; free(buf); return; }
  o->has_n = 1; o->n = (uint64_t)n; o->data = buf; o->data_len = (uint64_t)n;
}

static const uint32_t crcs6[] = {
  0x39ad2667, 0xc74b9a88, 0x20511ce7, 0xd600698, 0xe6db6b0, 0x7f939ce8, 0x9f2cea83, 0xf8bbe0c1,
  0x7d0ec295, 0x9adb4c24, 0x728a605d, 0xae7c134b, 0xdd9f6f79, 0x79c0ed35, 0xd1f70fd3, 0x8bd0df65,
  0x76fd5629, 0x50b9cdf5, 0x26a3619a, 0x15f9421d, 0x9cca460a, 0xeeb310c7, 0xbae2b297, 0x9cb0d9a7,
  0x50206c08, 0x25f9ba8b, 0xc0de38cf, 0xac4d5f54, 0x71fd6ae3, 0xada62d0b, 0x38b6cde2, 0x78012e16,
  0x33240448, 0xa76d7186, 0x119d23bd, 0x2774acab, 0xe23487ba, 0x40ca59df, 0x8ebc8524, 0x799838d3,
  0x36a7ef72, 0xbd6e624a, 0x1b259a1d, 0x789c380b, 0xa90f05d5, 0x8b35050b, 0x7f8eeaa5, 0x4dc4c6cc,
  0xb466f038, 0xb74979ad, 0x38116aca, 0x5dd8d0c8, 0x3a30934f, 0x65fdb8d, 0xd9ee780d, 0xcc7cb81b,
  0xcabf9db7, 0x3843cd31, 0xf33a2a76, 0xe66eee1c, 0xc7036b88, 0x18ae57cc, 0x71cbeb48, 0x6ca08dd8,
  0xeb7c8798, 0xd10747c5, 0xb202d92e, 0x611da24b, 0xa9f1824, 0xfdc2f9f, 0x5e09262e, 0x37fd153e,
  0x63389e1, 0x1343252b, 0xd97170ce, 0x54450f8e, 0x985fda83, 0xd49e3dea, 0x31c73cf0, 0xb2040374,
  0x3f1f383d, 0x6dd825be, 0xd0452cf7, 0x733cec5b, 0x828207a9, 0xa945ce0a, 0xf79ea24d, 0xfec4247e,
  0x6caf0111, 0x9910326f, 0xf67278dd, 0xc2bf2c6c, 0x1964d77f, 0xb89349e4, 0xc51e3d5f, 0xb809bfea,
  0x9dd2625a, 0x4934db09, 0xcdaaab78, 0x30156cc9, 0x4521b64b, 0x9ad87290, 0xe139a82f, 0x8506c689,
  0x6f26bbb6, 0xedb63550, 0xcb9a537a, 0xf33882ad, 0xf2358006, 0xe44028d3, 0x517a21bf, 0x8e4cbaa7,
  0xa7a6d6c0, 0x988b9c14, 0x9c5699c2, 0xdd36b830, 0xfa5e43f6, 0xa739ef91, 0xedd575e9, 0x8fac9924,
  0x61debd8f, 0x42c171c6, 0x53807efc, 0xd8607baf, 0x1a98fea7, 0x135d390b, 0x69c2149e, 0x469b2cfa,
  0xa3a62f8f, 0xe85693b, 0xcca1d2ba, 0xea66cffb, 0xa12edaea, 0x830d0c04, 0x460be9ba, 0xc86fcca2,
  0x3a49565b, 0x56efb318, 0xb57c9821, 0x6e5e407e, 0xd34608b, 0xce36bfa0, 0xcca31387, 0xd393223f,
  0x6c38d0f4, 0x684390e8, 0xc9e59229, 0x33f3be16, 0xdb46afca, 0x1ea957f0, 0xe05482e1, 0xaa87e777,
  0x99ff4e52, 0xb3c782f9, 0x2d643dc0, 0xb68c0a07, 0x8bf40957, 0x2d9a2587, 0xba6b7b78, 0x5cabb0a8,
  0x3d4273b5, 0xdc978be2, 0x16be3a1, 0x6e27a4b4, 0xad37d8de, 0x98529279, 0x2f170603, 0x50c2a042,
  0x31a3e651, 0xfe72b191, 0xbde80c50, 0x923cbdfd, 0x23d6bc58, 0xa39a4371, 0xbfc30743, 0xe9d0934d,
  0x41645831, 0x184a45dc, 0x85250b8, 0x115ccd02, 0xfb53a1ed, 0xca0225e7, 0x52ced15a, 0xcaeef97,
  0x5ae62836, 0xb0b80e22, 0x624ee2b9, 0xcc9ab190, 0xb425e36e, 0x6705cf2f, 0x852e1c31, 0x7080255,
  0x9afa7bff, 0x3ce03fde, 0x8474adcf, 0x671a75fd, 0xa2aef26f, 0xdb35daf5, 0xcd45b451, 0x3d149cbe,
  0x4db2f5d4, 0x4c3fd325, 0xc31441e5, 0x5bc06743, 0xf25dff0, 0x1e6e6897, 0xb1a57dcf, 0x4688db70,
  0x561e8d96, 0xfbaec0f, 0x1409c4ca, 0xf3732cd8, 0x1f235f6f, 0x8d0c016a, 0x2b6b78f7, 0xb8b6bd5d,
  0x5365ac0d, 0x112be003, 0x4ef696cc, 0x4584c9f, 0xeaf16921, 0x378f6c4, 0x9a07e65f, 0x42276c95,
  0x2c572729, 0xa97d66ee, 0xc08933f5, 0x111efa0c, 0x67aa657a, 0xb8093d26, 0xd27e2502, 0x86e517d2,
  0xf32c730e, 0xa862d0fb, 0x3d0278ed, 0x9c100129, 0xb927095, 0x8876165c, 0x464bf9ed, 0xc4d5ab0f,
  0x16796a9f, 0x3861eea7, 0x264d05cb, 0xc0d47cd7, 0x95303bda, 0x19a1b862, 0x33de7cfd, 0x378563d4,
  0x4b3af611, 0x92ce83ae, 0xb42ba42d, 0x30ae0ead, 0x921610e9, 0x3b04e753, 0xbfbc7ee3, 0x348356e0,
  0x3a98cf60, 0x69809ba6, 0xb05221e2, 0x1fbffce4, 0x5616aee8, 0x3b27d5be, 0x9dc0acc0, 0xd11f0e98,
  0xcc7d38b4, 0xe33e48c0, 0xa79bc40d, 0x6b0044aa, 0x6342ef45, 0x7cdb1e1d, 0xa09abfeb, 0x2fb6b807,
  0x56387708, 0x8ae4282, 0x94dbfff4, 0xbebad44c, 0x541d6785, 0x5a18ccb8, 0x59b1e750, 0x32a655e6,
  0x60d3f612, 0xd82eb5b7, 0x5a7d2bb5, 0x1314af25, 0xa5692e91, 0x46a0100d, 0xdd97c82c, 0x875e3c98,
  0x367fcadc, 0xae16e244, 0x927af1d1, 0x6158f88e, 0x30b3fb0b, 0x9898ae45, 0x385cac25, 0xee66133c,
  0x997ee1aa, 0x1819e45a, 0xc036589d, 0x7aac87cc, 0x8f4b5bdc, 0xcd73280d, 0xef510b26, 0xb4ace015,
  0x61c61d7, 0x62324c0a, 0xfbbfe77a, 0xa20ae044, 0xf2063ce3, 0xd5475088, 0x7a907a39, 0x6eedde49,
  0x9a69c591, 0xff88ed38, 0x3722a383, 0xebaa3d57, 0xe813a0a1, 0xbfb0fdd, 0x1d8f49f5, 0x2e8e060a,
  0x39190c77, 0xedca53a5, 0xf0968649, 0x18b93d53, 0x61f597cc, 0x6a8c7a1e, 0x5f7f5a1a, 0x335f58d0,
  0x7985c857, 0xfa93d913, 0x160a074e, 0xf1627163, 0xf19e173e, 0x863eff25, 0x7b653c08, 0x6d840083,
  0x5600ea0e, 0x331f1a4e, 0xdb780967, 0xb202d102, 0xd7fd1cf9, 0x7584998a, 0x790aee75, 0x329349bb,
  0x64e9b70d, 0xfe32650f, 0xa64c8569, 0x4c7b3af0, 0x4c4d0d1, 0x8e7354f5, 0xf2c4aa70, 0xda959393,
  0xa06fe14c, 0x963492e7, 0x52e2f09e, 0x5e57ffe3, 0xb5db0f58, 0x185b1535, 0x229b0e88, 0x94eaa9c0,
  0x6baf424a, 0xda1b7265, 0xbdf001b8, 0x85297f72, 0x31956bd7, 0x1f725cb4, 0xcb56c6d6, 0x54bc7964,
  0x74b043c4, 0xd81be58, 0x222a04d4, 0x7eca8d06, 0x5594a008, 0xf5e8c907, 0x43e344d3, 0xedc163b6,
  0x350a8e3f, 0x8aba66e0, 0x16270c9, 0x9734aa24, 0x947b7cf5, 0x8f27b24, 0x3cd648d8, 0xc26331a1,
  0xf62c63c1, 0x61f372d9, 0x6c83069f, 0xb2154cf6, 0x48bad42b, 0x68bab056, 0xf02cabfc, 0x4567f960,
  0xaac34659, 0xcb03a03a, 0x9be216c2, 0xf3e8f991, 0x930feb2c, 0xb396f1f0, 0xe1d855ca, 0x670d6a32,
  0x9e02fc36, 0xd7c051ab, 0xb55eb830, 0x9d783fbc, 0xc296a3cf, 0x5bef973f, 0xee616321, 0xa9298699,
  0xfebe7e24, 0x7dd674f8, 0x2a45672b, 0x2e61247, 0xa925b5bb, 0xd7557838, 0x5cb43da0, 0x5e0853d7,
  0x7fc34ec8, 0x202a3d6b, 0xda532954, 0x60df3015, 0x3061a356, 0x222c31e1, 0x2bc956cc, 0x9de63a8b,
  0x1fd63b48, 0xa98c51d8, 0xde81ad9a, 0x6183df90, 0xe319e713, 0xc2ac9629, 0x94ce194e, 0xb9fa4f93,
  0x5a0e546a, 0xce6cbb6d, 0x1f62d822, 0x80c0876a, 0x48ad4d87, 0x7c91e9d2, 0x1f69a04c, 0x955050f9,
  0x9ca1017f, 0xdf5c96b1, 0xff71047d, 0x137bd3fb, 0x4eef3291, 0x2d06494c, 0x40211ff6, 0x435d1de4,
  0x7d3ae555, 0xfef51e6b, 0x1ae69036, 0xec24607a, 0xa55cddfb, 0x95be7475, 0x47ccc39a, 0xf235e1df,
  0x5426a81b, 0xdeeb390d, 0xf6071b07, 0xdefefee2, 0x188c3e6, 0x855ef002, 0xb4198e11, 0xf1ca9414,
  0x22ada0e7, 0xd38a9b8a, 0x51a8bee1, 0x9271bc60, 0x379a0eca, 0xa9909a44, 0xc630ec36, 0x8888b1c4,
  0x2d08eab, 0x2cfbbdaa, 0x76ccd302, 0x550cfcdb, 0x25f3374b, 0xbdeade9d, 0x52a220e0, 0x37c8444b,
  0x691aee2c, 0x75203b67, 0xfffcf168, 0xcc3137aa, 0x7776ce2f, 0xf62f68a2, 0xc80c5a52, 0xdd084c06,
  0xbdbdc51b, 0xce0abac, 0xf8597ec2, 0x7e3aeb10, 0xa8ea858a, 0x4b398261, 0xa824bd19, 0x41c18f5,
  0xba6c5cf9, 0xd67497c7, 0x8f3c8d97, 0x87d8806b, 0xb1da8f25, 0x917bed41, 0x4a317d80, 0xa380b5c7,
  0x371bd98c, 0xe369ace9, 0x35428f43, 0x1b133291, 0x5a60e00a, 0xd6409ee5, 0x9361539d, 0xd83b1512,
  0x9ff48ced, 0xf25766f0, 0x54c14cbf, 0x16ed5e18, 0xebad8b45, 0x23f2bb5, 0x653aeb40, 0x84ce2843,
  0x73d973a2, 0xb24291dd, 0x1c9c3f80, 0x89ada005, 0xc23b0e56, 0x9a722578, 0x6d6229a2, 0x835e06aa,
  0x890404e3, 0x3ac88fe2, 0x17f7ce24, 0x19258a9a, 0x88304896, 0x74dc3feb, 0x174b4cc0, 0x821f8f9c,
  0x858ab57a, 0x5ab05ec2, 0xec185359, 0x9f32e201, 0x13b9cc5e, 0x62ad4edc, 0x1aacf45, 0x2f15c42d,
  0xc29a5eee, 0x6e65c224, 0xfed1878a, 0xe206cf51, 0xac8d75ea, 0xc5e11ddc, 0x6a2d71f3, 0xe29345bc,
  0x1a1f8a85, 0x6defc7a4, 0x9556dd69, 0x9a5aeb1f, 0x3a4a347f, 0xced77b98, 0xa279916a, 0x16d302b6,
  0xeaef5245, 0x2d52bbe4, 0xadd8afc3, 0x184f3e4a, 0x12e65ba2, 0x3a0ff96f, 0x68b59005, 0xfe90bb70,
  0xd8890025, 0x8f0c14ec, 0x3f48e97c, 0x1a15426c, 0x9cf22fcf, 0xf821d93e, 0x21e3f782, 0x6c16fcec,
  0x31bc91a1, 0x7b3bf861, 0xe1bac55d, 0x1760121, 0x9a64807, 0x8ecf1db1, 0xb37cac9e, 0x3d45e316,
  0x4eb17bda, 0x438da7f1, 0xe3d2144a, 0x2b7cca92, 0x56a29e36, 0x4f37d439, 0xfe4d31c9, 0xfe9445b8,
  0xb298b326, 0x2ae9440c, 0xd62c5f0b, 0xed08d3bd, 0xfb380f0c, 0xb76a602f, 0x7323d27a, 0x2eeb6094,
  0x64ffef81, 0xcdba310e, 0xe8f58025, 0xa244ed76, 0xe6aa6244, 0xfdba0d34, 0x80d5588, 0x441ef6f7,
  0x9855b65f, 0x710697ee, 0xf45d2d29, 0x3ca2456f, 0x9ca235ad, 0xddcfdaea, 0xf99c6de, 0xc4e0b8ae,
  0x101f31b5, 0xe11b6ee3, 0xb0e51d1b, 0x74e99018, 0x98a49158, 0x4760edd1, 0x383910f2, 0x6f5bac3c,
  0x806e0987, 0x24eac457, 0x221b5f2f, 0x9876c536, 0xcf294862, 0x3f0ec835, 0xcd2b666c, 0x5e058b60,
  0x53fc3b1c, 0x41957f5e, 0x5ae5e519, 0x1725ece1, 0xfbeaefc5, 0x3b7a66ce, 0x2ee55662, 0x1807e40c,
  0x422ff9f3, 0x8fe50907, 0xc8ade2b9, 0x89ce1e78, 0x3f91bad8, 0x806b97e3, 0x3eee910f, 0xa5f83b9,
  0x5c5e8364, 0xc2e18336, 0x929b997e, 0x98c35707, 0xfc781b26, 0xcbcb00b5, 0x6644a109, 0x174502a5,
  0x3d0c8de1, 0xb79643eb, 0xcd602e21, 0xdb7a7554, 0x700631a8, 0x51590c56, 0xf78e609f, 0xaa0c08ad,
  0xafe57315, 0x2e674f52, 0xc7d61a22, 0xf5ea16e8, 0x37eb8121, 0xe9bc845c, 0xb0ec5807, 0x1cd40300,
  0x28f14148, 0x8299761e, 0xfd5ba1a2, 0x2140ecba, 0xf658aac, 0xaf917699, 0x5eb2ac3f, 0xadd4cbed,
  0x2c7b603f, 0x148b7214, 0x313fb8f3, 0xa7e33a21, 0x2d36975c, 0x7b5230a, 0x6743e771, 0x79fc0185,
  0xdc90edbf, 0xcf993418, 0x11e34b94, 0xfdab154, 0xe817bc3c, 0xadae70cb, 0xae18a8fe, 0x77752b1f,
  0xe1ce84a4, 0xe7812c3d, 0x3c5ac856, 0xcd6731c0, 0xadb2b2d3, 0xf12484e1, 0xe54fd59d, 0xc5f8765b,
  0xb90077d3, 0x9e22a84b, 0xd8cc9993, 0x1bc71a9e, 0x8167a5a7, 0xc2630d02, 0x17ccb22a, 0x6f87976c,
  0xbf322f75, 0xb3a8216, 0x18afea45, 0xba774b4e, 0x870bc963, 0x58eaa691, 0x123b2460, 0xcf80acf,
  0xe177fd9d, 0x12bf8635, 0xe12856e9, 0x52b66d05, 0x2c91fbad, 0x354a7ef9, 0x7d63a2b8, 0xe4849eb0,
  0xa576427f, 0xbe6e7be5, 0x3e6ec257, 0xba1dd234, 0xdcad6deb, 0xd4ec5dc6, 0x55abd929, 0xee39e1f9,
  0xa66be68e, 0xe46446d1, 0xe0291f91, 0x526e1887, 0xc4d813bf, 0xa94115f7, 0x6cfad67c, 0x7bbdb773,
  0xd4b16749, 0xcfefac50, 0xa424157a, 0x4793294a, 0x1ebb080b, 0x3e021454, 0x34423f35, 0xe076a698,
  0xaefda112, 0xbab646e6, 0x51a2305a, 0xdcb343b5, 0x5b5480e5, 0xfff870d0, 0x97b08055, 0x6cee7e1a,
  0x5627e6b9, 0x8b7d324f, 0xe74d28f3, 0x91ee3632, 0xbb48d611, 0x96226f0, 0x8a51a497, 0xc1f31dca,
  0xd2d68c78, 0x5dfdd8b3, 0xbef58a03, 0xcac3db75, 0x749e70c2, 0x54ceba1f, 0xea9efca1, 0xca4b6879,
  0x18e55548, 0x5ee2db4b, 0x50124114, 0x6386cd42, 0x189894ab, 0xbf85bb70, 0xee09e164, 0xea9c4a25,
  0xa0b29c5a, 0x46593d23, 0x158f9bb0, 0x357cebe3, 0x17a20ce6, 0xcb50348e, 0xe4db2c44, 0x492e987d,
  0x8d023a4, 0x1ec7f1c2, 0x8bcbdf1e, 0x8a3d4c82, 0xc35ac53e, 0xa514c922, 0x181fea66, 0x948abbb6,
  0x2a63078e, 0xfd7e868a, 0xeb77362e, 0x7c847bd7, 0xf0749fad, 0x8af479c6, 0x78ade691, 0x3d866f87,
  0xe2eccced, 0x3e73fc10, 0xbe6ac9c, 0xbba6a360, 0x7f34f044, 0xe449e17e, 0x11c5f5ca, 0x32cff88c,
  0xfe2fab87, 0x95dcd03d, 0x1dbb780c, 0x128862d8, 0x3e2de5ed, 0x8e15373a, 0x8977578a, 0x7f84be5f,
  0x72970ce4, 0x4c51baff, 0xaae2dbdd, 0x4aee4314, 0x9bdaebc5, 0x7a1c09f0, 0x229496e4, 0x3baf2a40,
  0x77700ee9, 0x44c3e020, 0x6e379de2, 0x461d7ec3, 0xbaf92c61, 0xb8a4247, 0x2e16aca2, 0xd08e2179,
  0x59ca26ea, 0x11770bfd, 0x2d3bde1c, 0xc2af4fb1, 0x875aee08, 0x7797f673, 0xd43d5a94, 0xd9e35f71,
  0x682597af, 0xe99afafb, 0x2714cd6, 0x64a1d1cb, 0x1ff49918, 0x137827b0, 0x671a6a71, 0xeff8c985,
  0xe7c84549, 0x43068db2, 0xa43fb194, 0xb91ba476, 0xe94df2c1, 0x4a4eb336, 0x4467f5cd, 0x7f39ede2,
  0x1c2dd2d, 0xc3a64358, 0xf4ef8c52, 0x61b5c007, 0x6cff67c5, 0xf2e6a4bd, 0x83d241b3, 0x233dfad4,
  0xf6c8e8c9, 0x716139a9, 0x8bc92fee, 0xb50e74f5, 0x8c0f928c, 0xf30e4e26, 0x7ba8fb50, 0xe2688220,
  0xf01157ce, 0xc697b98c, 0xada50e23, 0xe2591203, 0x743a0d86, 0xd94054d9, 0x1186ef9c, 0xbb7ac9fc,
  0xb33c0254, 0xba03c525, 0xbcf7684, 0x856f6cb9, 0x452c47e, 0xc2b640bd, 0xf82d5e57, 0x8fb540f,
  0x53773554, 0xe37ce768, 0xd957a88a, 0x6fe2b44b, 0x17c54fa6, 0x70186c89, 0xa134142, 0x5e9eaa57,
  0x7d7fd32, 0xed47bba0, 0xff607401, 0x4d7a6263, 0x50d415c1, 0xbd7895a3, 0x273f4ec6, 0xdab625e1,
  0x4b846127, 0x16245bf7, 0x304f986e, 0x70901f54, 0xe65b748c, 0x7c08d072, 0xeb4c653b, 0x20c6c47a,
  0xe2a7a7f1, 0x1957fd7, 0xb23a07f0, 0xfd744b0d, 0xd08bed5e, 0xe0a77307, 0x93e16230, 0xb3984eee,
  0x1c285e37, 0xe5a9a182, 0x7880f409, 0x25747b35, 0x38a1df40, 0xb59296ea, 0x8d37fdfd, 0xb92c98a1,
  0xeb46d67d, 0x5e93ccc2, 0x1329de0a, 0x2d18b040, 0xa5ed1d85, 0x2da9b243, 0x1218d1dd, 0x88200607,
  0x8eb368af, 0xe9e6490f, 0x2dab3d2e, 0xb0c089c2, 0x71782b46, 0x44d60efd, 0x32836b3c, 0x31af49ec,
  0x9364fda6, 0xcaf097fc, 0x66830a34, 0x48f17992, 0xc6952c97, 0xf712d92e, 0xd0b97d39, 0x76d192b9,
  0x6b727606, 0x1027b7ef, 0xe55af33d, 0x9bf9429b, 0x1e8c45e3, 0x1d2ec92d, 0xf4f67afb, 0x92e6a8ca,
  0xd724954c, 0x5f7f41d3, 0xc5c4fb59, 0x98e9ded5, 0xaa6e46c5, 0xf19b359a, 0xf8a36f2c, 0xc14129b9,
  0xf8c15eae, 0xaab2e3d4, 0x82fd5852, 0x8ada1c99, 0x2a76002a, 0x3a286477, 0x3ebef10b, 0xb2034453,
  0xdb2b9708, 0xba69082, 0xa2d3173a, 0xbfb20557, 0xa54d1cf2, 0xe6cc6cae, 0x681aae5c, 0x4cb1e53,
  0x38927a1f, 0xea8b1f89, 0x62d7e5ca, 0xbc30c80d, 0x8f939a3f, 0x3ae8c7bf, 0x669f23a3, 0x723502a8,
  0x4fd696f7, 0x85aec522, 0x7c4edebe, 0x70b0efd6, 0xf73970c4, 0xb61eece, 0xef8f7d97, 0x76287023,
  0xf284a59e, 0x1ae24f18, 0x6ac7c2e3, 0x8da8d7f, 0xe7143187, 0x392dafa4, 0x9196d4c3, 0x4e3ccd67,
  0x8a3e044d, 0x2d3fe71d, 0xe5d67aca, 0xe8e6831e, 0x1d07db92, 0x649ce19f, 0x4118ccf8, 0x513bddc1,
};
static const uint64_t unknown6[] = {0};
static const uint8_t want7[] = {
  93,224,14,181,187,15,145,22,143,84,64,184,253,130,9,128,60,214,187,32,192,214,183,31,
  7,119,37,195,175,206,59,12,117,202,250,33,203,143,13,114,51,125,77,41,232,2,96,128,
  89,58,121,224,207,178,93,204,112,47,2,11,140,137,33,168,69,132,178,76,90,116,80,32,
  32,154,36,177,99,222,171,35,103,217,111,39,87,250,35,69,35,43,39,150,93,249,103,179,
  28,68,35,28,162,234,76,68,82,2,22,48,203,189,182,220,40,156,197,89,240,15,54,248,
  195,203,211,69,75,206,179,70,209,68,188,220,205,91,87,64,153,51,251,64,170,170,246,16,
  223,48,169,242,129,166,55,143,199,38,105,201,193,220,112,248,19,107,106,13,216,127,14,201,
  206,44,134,63,54,223,62,149,75,136,192,106,50,90,203,80,153,80,1,102,28,55,85,101,
  191,214,79,0,246,228,180,70,139,157,158,25,10,219,92,116,73,120,172,16,15,173,119,128,
  205,106,27,15,150,164,204,73,84,169,75,77,36,255,193,253,151,104,147,64,231,97,208,41,
  19,12,208,116,113,181,238,205,96,127,108,76,206,255,37,108,198,89,33,200,143,216,163,22,
  233,60,17,129,42,129,58,245,139,124,192,178,180,26,9,155,141,112,178,168,157,218,193,230,
  131,79,153,29,95,25,188,231,232,167,199,254,172,54,50,215,132,202,47,225,179,216,70,154,
  61,225,22,224,9,86,249,30,79,94,50,55,151,172,10,94,22,151,23,23,143,205,190,192,
  106,156,123,43,199,223,185,235,154,245,136,35,151,48,183,158,191,44,207,147,74,54,15,155,
  47,139,240,6,155,19,175,79,129,248,149,195,82,39,128,231,117,199,132,55,55,69,82,211,
  95,239,250,95,184,141,13,11,219,215,57,253,148,98,91,255,62,26,43,225,57,148,101,18,
  232,213,165,136,29,194,27,14,235,24,98,53,246,192,86,9,80,24,23,192,96,201,23,8,
  164,213,10,182,54,203,57,223,68,13,221,16,193,149,122,248,48,54,68,151,162,192,201,242,
  61,39,236,149,14,62,99,158,135,183,192,136,79,54,129,75,75,20,205,218,139,155,169,10,
  245,28,23,202,97,26,240,51,252,76,100,223,68,22,253,35,92,246,78,198,26,98,168,4,
  86,173,128,201,240,84,4,114,27,93,222,93,195,185,149,55,77,235,54,85,231,53,153,18,
  122,91,170,163,223,165,106,75,53,249,15,170,107,244,98,195,72,205,220,41,8,132,91,146,
  7,215,28,151,29,102,62,142,200,134,174,203,43,146,61,244,125,94,198,47,167,132,23,9,
  184,97,7,196,215,145,172,212,93,63,56,163,236,151,71,12,71,95,114,179,38,255,38,86,
  107,38,83,18,73,142,92,165,42,190,2,44,199,85,154,61,140,109,179,111,236,173,254,54,
  18,92,153,86,112,43,117,109,15,144,50,236,192,150,99,171,131,161,25,53,190,18,203,127,
  221,102,170,141,35,174,68,3,147,66,86,40,224,15,85,166,187,174,74,48,47,33,203,79,
  88,241,29,247,204,59,151,174,30,84,117,34,217,144,235,86,71,72,57,13,113,201,153,222,
  155,104,23,48,25,91,230,52,206,138,245,240,253,5,183,45,14,74,171,32,218,69,136,84,
  194,212,180,214,70,251,136,220,78,26,12,211,139,91,85,4,178,28,234,63,144,37,52,13,
  44,210,98,137,36,94,65,251,23,6,58,163,120,113,113,215,74,165,211,35,96,210,144,2,
  162,231,156,43,86,169,226,184,142,4,158,80,61,13,75,232,249,60,6,240,181,104,232,126,
  50,64,6,10,112,106,12,43,200,8,52,253,20,139,69,41,225,51,144,132,86,125,126,250,
  4,200,39,37,46,156,67,32,224,212,74,179,43,72,220,44,156,230,74,83,34,153,4,10,
  2,96,210,106,52,207,211,133,200,28,138,47,135,160,250,0,14,171,105,45,173,197,60,202,
  236,245,2,189,90,249,225,160,29,73,234,222,22,181,228,44,216,74,204,21,11,159,218,30,
  136,53,139,240,44,184,227,58,82,97,4,125,57,218,120,140,143,180,168,105,248,199,215,106,
  85,135,158,140,16,84,209,127,164,51,179,185,11,243,104,238,254,144,214,157,139,155,237,205,
  129,40,170,172,252,124,219,105,57,168,226,229,42,46,105,121,203,182,60,98,85,158,34,241,
  129,115,50,14,13,217,240,146,28,41,222,242,224,2,191,141,83,217,211,223,65,7,137,62,
  59,225,140,123,86,6,229,140,71,96,34,182,12,123,23,43,20,81,232,136,234,68,241,225,
  51,192,76,163,97,98,72,58,29,12,59,135,25,255,45,112,117,42,39,70,179,45,13,246,
  96,43,196,157,121,178,182,229,242,166,164,95,35,172,99,216,82,12,32,141,103,67,14,226,
  232,236,82,99,171,171,205,238,76,96,51,136,43,178,162,1,203,5,250,66,91,13,198,174,
  138,99,204,92,236,130,163,143,21,206,234,44,209,76,81,60,254,94,99,85,66,151,132,221,
  65,64,28,71,76,104,224,194,251,84,166,128,57,182,59,3,1,8,190,197,139,234,84,78,
  71,16,244,24,35,132,147,3,168,112,144,158,128,23,110,238,204,131,65,253,165,120,152,158,
  167,125,151,175,202,28,45,235,113,216,220,169,225,180,88,59,142,171,235,226,59,178,84,69,
  240,102,239,129,175,2,162,137,67,231,121,27,3,20,157,207,131,49,164,18,117,125,85,227,
  181,14,121,35,31,235,104,136,208,134,58,121,42,239,38,143,13,163,101,185,50,101,105,24,
  186,36,56,154,13,208,163,187,103,131,4,24,197,216,14,131,89,158,60,177,149,42,182,240,
  71,178,16,224,208,168,211,250,52,79,75,151,226,95,45,188,217,250,144,182,58,130,156,21,
  166,215,57,212,90,217,214,23,188,12,123,172,197,202,54,221,192,88,117,33,194,252,27,39,
  132,120,126,145,251,237,148,116,142,39,212,12,27,91,93,131,97,224,167,1,167,120,28,236,
  238,181,61,234,193,133,172,88,4,194,109,26,239,85,41,65,19,228,0,56,179,202,97,122,
  51,96,226,57,133,193,180,184,128,245,209,102,142,182,126,110,219,174,98,90,57,214,65,39,
  154,26,242,81,95,117,37,19,9,251,86,76,66,92,109,192,241,190,54,122,71,10,142,136,
  138,132,54,118,37,139,65,96,235,146,238,242,218,109,218,45,192,212,147,90,202,81,68,118,
  114,137,144,160,44,202,238,13,121,253,47,25,3,246,246,199,30,84,248,163,146,4,204,161,
  4,205,126,71,131,83,247,58,41,212,115,209,158,61,230,190,77,6,232,130,212,27,126,3,
  142,206,40,170,211,241,54,158,11,252,85,46,10,12,229,209,207,195,134,51,121,149,4,86,
  243,251,175,222,33,35,255,217,159,0,239,220,111,227,232,136,24,203,117,249,133,216,227,138,
  128,254,142,21,6,12,168,205,56,40,169,143,141,151,222,36,27,50,199,37,46,101,131,54,
  18,29,21,165,56,22,165,15,215,131,26,43,81,236,230,50,30,149,66,140,100,55,39,122,
  77,61,154,178,88,121,174,241,218,180,86,77,201,90,73,48,159,252,98,202,178,152,106,175,
  231,169,129,194,184,71,106,82,119,240,62,139,166,15,65,183,97,95,122,126,29,227,107,105,
  214,120,97,159,161,112,200,238,23,153,18,114,165,222,90,13,65,117,212,180,160,99,41,85,
  251,211,106,167,217,57,147,178,10,255,65,197,2,202,53,125,243,42,50,173,23,224,91,80,
  244,39,215,88,211,228,77,31,68,90,20,227,30,122,219,20,147,65,113,161,182,236,119,126,
  77,116,69,36,211,48,238,56,24,248,6,81,54,154,244,124,85,56,101,179,95,92,39,236,
  92,28,126,150,141,17,68,12,61,153,130,154,31,130,88,142,254,44,180,218,121,170,133,141,
  42,155,116,116,85,185,122,19,41,185,84,131,181,46,235,152,119,33,151,167,61,150,197,142,
  132,230,211,128,28,20,90,234,46,217,160,144,87,13,113,104,229,177,19,115,146,72,15,95,
  6,21,98,172,237,169,195,151,249,50,93,191,156,237,26,39,124,76,190,18,77,116,96,115,
  243,96,109,91,165,7,154,24,109,223,154,75,107,42,254,98,243,109,79,234,172,33,170,120,
  112,208,232,215,31,236,7,16,176,208,224,66,67,88,40,134,179,89,175,167,49,78,139,135,
  225,32,54,245,206,103,247,75,162,106,241,245,95,119,158,248,115,238,136,87,4,192,91,73,
  118,157,253,36,90,225,156,242,239,13,17,127,211,166,124,235,165,162,213,228,100,234,217,16,
  121,180,82,221,182,91,17,250,131,77,54,12,92,156,38,16,96,118,126,150,179,202,69,232,
  98,108,131,137,125,80,65,142,177,68,255,11,247,186,13,172,208,23,79,251,79,20,248,97,
  245,195,125,130,177,101,132,92,163,35,215,175,8,159,108,158,199,176,67,211,234,244,50,180,
  109,6,204,127,89,42,88,102,48,191,40,193,65,41,87,176,182,52,54,113,106,123,55,14,
  183,172,235,171,156,237,122,50,254,164,7,7,60,152,206,225,74,132,203,60,157,97,23,23,
  45,220,12,177,81,74,35,78,90,223,138,59,169,110,132,93,213,35,160,207,188,144,215,92,
  22,225,32,60,26,129,145,11,129,18,94,135,133,190,178,216,206,230,187,213,208,81,124,59,
  109,219,240,86,47,156,162,204,233,209,35,92,38,104,224,20,154,104,76,185,122,46,215,89,
  248,194,86,1,124,83,211,148,80,163,176,251,81,62,203,175,92,95,140,113,64,22,73,167,
  31,160,97,88,102,148,62,226,233,13,26,56,76,183,168,112,12,50,101,43,125,191,213,77,
  143,208,192,57,0,94,176,48,222,153,212,169,115,83,59,75,32,158,101,170,165,45,28,193,
  147,39,120,106,226,60,126,43,193,105,153,71,4,141,177,105,233,88,139,137,193,123,198,54,
  254,46,117,142,95,89,133,29,90,62,95,128,242,254,228,164,163,241,43,227,44,241,142,166,
  90,121,248,178,134,93,26,30,143,107,77,216,103,125,0,102,25,102,67,209,209,68,3,8,
  146,170,74,220,130,183,78,134,103,202,82,7,113,133,30,252,66,182,244,231,232,99,79,75,
  76,165,237,245,163,76,3,248,3,148,250,52,86,132,48,200,206,98,41,68,180,5,33,17,
  22,143,34,0,119,224,176,150,6,73,94,201,62,233,214,178,84,245,96,32,136,53,95,144,
  105,183,30,243,179,107,95,234,186,67,4,97,68,90,119,96,237,84,240,22,137,119,172,10,
  1,70,247,235,41,167,165,223,50,149,126,116,99,100,252,85,116,118,184,43,139,109,57,127,
  32,162,155,97,231,44,151,191,14,187,222,75,23,236,200,196,84,255,68,117,8,190,247,30,
  95,100,67,43,133,221,204,97,91,159,229,59,33,77,131,135,27,128,62,170,120,3,106,118,
  227,130,114,124,43,198,107,94,231,56,18,85,193,155,18,83,205,185,144,147,126,58,217,173,
  59,62,200,156,67,213,246,74,193,150,39,230,102,67,72,184,94,121,204,161,90,117,234,120,
  54,75,88,239,91,244,250,27,217,190,51,90,86,71,132,118,201,35,7,176,45,203,176,118,
  53,115,113,151,181,7,68,195,223,33,179,234,174,116,116,200,22,40,144,32,86,221,144,218,
  230,118,145,33,48,134,57,193,28,6,104,120,59,95,52,108,49,164,121,119,7,101,89,247,
  130,99,125,225,149,122,221,56,102,247,250,180,210,140,121,108,163,185,37,13,250,73,11,125,
  25,135,198,43,246,63,55,57,197,222,254,178,15,162,214,60,219,143,128,222,211,236,107,0,
  28,75,42,47,177,130,54,136,184,178,157,244,12,234,56,146,33,116,239,41,80,130,43,243,
  119,84,0,159,83,231,126,96,250,2,43,123,147,181,156,249,115,120,82,185,172,123,215,163,
  221,72,184,100,252,97,239,167,84,129,138,0,19,182,156,115,249,117,137,87,192,91,109,117,
  108,215,54,179,61,144,114,111,159,29,169,9,12,218,154,33,157,52,10,199,26,58,135,237,
  12,179,201,9,252,103,89,125,74,235,173,234,251,181,71,196,204,182,85,178,134,219,89,7,
  68,23,97,162,186,92,223,231,218,230,52,79,43,9,173,181,250,53,104,128,206,242,191,224,
  84,171,33,88,42,130,48,63,136,215,117,135,56,166,14,215,114,120,103,184,70,4,31,73,
  111,121,83,31,56,1,58,190,60,55,203,153,102,58,128,200,148,96,14,120,126,192,50,103,
  234,246,197,6,178,66,0,108,143,118,232,80,146,185,159,15,71,51,136,112,241,50,194,41,
  22,132,72,91,118,69,200,213,177,75,184,83,161,90,214,113,177,15,0,48,248,16,220,66,
  7,90,7,6,188,32,237,45,137,190,206,243,101,54,170,179,185,206,37,189,157,202,40,172,
  99,130,41,107,82,104,117,23,32,192,225,51,183,224,103,51,107,16,217,183,21,13,254,8,
  213,107,57,175,94,211,135,251,124,222,183,12,248,214,110,229,49,67,214,178,153,144,219,179,
  101,207,27,138,96,110,31,218,87,138,75,88,174,210,6,134,93,247,80,139,122,52,28,178,
  183,112,158,190,198,175,67,189,52,242,79,96,232,4,41,216,108,162,59,189,62,239,171,30,
  196,59,252,126,47,224,194,12,187,81,25,115,7,36,177,13,192,131,174,64,32,127,96,94,
  197,233,2,196,232,85,46,232,120,70,177,110,200,206,215,10,179,188,172,121,38,40,122,145,
  169,22,132,37,223,199,2,78,207,166,231,70,202,248,111,107,172,2,204,165,203,70,254,177,
  230,109,121,243,25,14,14,207,205,187,34,81,91,99,183,226,42,234,115,143,1,39,62,98,
  217,37,185,0,34,110,179,136,215,124,78,170,0,79,18,17,11,81,105,152,110,151,231,204,
  119,47,184,247,106,4,101,95,174,157,41,148,105,8,20,69,191,177,131,56,207,159,236,152,
  173,196,77,84,176,10,91,173,41,90,191,18,175,171,149,228,168,189,172,58,181,168,170,45,
  8,221,186,89,77,66,248,102,44,255,80,188,248,166,0,81,67,229,141,120,127,41,4,96,
  18,57,167,210,220,244,207,28,239,141,147,188,228,130,43,172,63,44,104,169,148,198,68,62,
  251,149,59,188,10,90,121,228,251,135,213,80,161,176,215,47,22,9,108,246,128,122,144,210,
  83,137,56,137,198,26,97,58,252,231,242,57,175,117,54,53,174,191,11,0,110,99,203,198,
  246,39,146,215,252,227,188,86,108,58,9,18,132,112,223,101,176,181,65,138,69,202,111,26,
  246,219,74,129,76,67,148,237,4,32,63,221,70,171,245,51,69,125,141,99,93,25,187,144,
  12,116,43,127,164,184,230,152,234,92,156,48,222,183,103,163,58,91,76,181,160,174,220,0,
  16,86,108,67,254,32,57,33,93,72,149,177,184,78,214,22,243,96,234,111,72,250,79,37,
  183,210,182,17,114,100,80,93,237,31,181,83,246,28,177,17,113,61,142,47,135,15,76,8,
  41,199,130,44,173,11,222,38,16,205,44,78,95,241,248,191,183,157,49,86,115,128,79,129,
  149,194,144,207,88,112,129,106,217,35,138,225,191,4,72,37,96,184,155,56,198,41,53,253,
  99,181,194,23,76,105,182,248,71,4,156,55,134,201,162,215,151,41,113,15,185,30,254,215,
  86,195,148,113,158,2,111,193,153,46,150,129,200,128,133,163,152,84,20,202,63,163,171,84,
  46,26,135,54,129,41,116,75,34,113,45,195,200,220,253,144,248,36,137,86,113,151,105,16,
  234,199,99,220,218,137,212,80,130,73,255,73,7,92,198,113,94,175,120,14,110,88,73,20,
  152,221,12,227,22,66,58,95,240,159,162,50,107,210,107,188,62,41,94,172,210,2,239,1,
  37,44,60,187,254,63,77,128,188,199,230,181,99,180,195,172,136,75,227,19,62,23,109,249,
  222,62,172,190,183,118,249,97,246,102,171,126,212,243,52,103,126,96,157,33,131,103,39,199,
  205,249,86,231,222,132,84,35,45,141,42,46,169,209,49,87,158,145,232,124,84,148,172,92,
  188,248,21,55,198,214,132,29,222,113,85,234,87,107,90,122,133,182,170,67,148,95,23,165,
  198,172,96,99,138,24,21,141,162,238,107,0,59,183,72,244,152,230,128,161,153,102,169,185,
  141,32,153,219,61,3,100,200,135,67,56,140,47,216,251,210,57,0,11,78,195,172,217,1,
  90,53,119,97,225,244,199,87,53,39,226,177,171,161,135,21,28,64,55,224,185,133,186,166,
  33,65,176,47,247,53,247,64,174,148,210,94,178,217,107,52,179,209,243,213,208,223,70,171,
  96,180,192,237,247,247,105,130,37,145,164,161,186,173,127,79,14,240,139,235,202,45,39,111,
  224,146,25,200,189,81,53,201,167,29,220,25,17,60,11,152,231,236,42,96,190,24,244,242,
  178,251,239,234,28,107,25,235,245,250,195,229,36,17,103,237,210,29,152,47,186,172,90,6,
  135,77,107,152,25,162,219,80,72,231,51,245,196,15,138,149,157,0,35,221,245,226,58,110,
  109,116,26,19,155,80,236,228,74,209,184,7,130,0,90,127,103,209,232,159,35,242,7,114,
  173,197,181,185,206,28,197,178,82,164,18,169,80,90,153,9,83,138,12,183,15,52,46,6,
  14,14,242,240,32,141,216,192,9,94,17,229,240,221,35,172,207,100,58,244,180,59,224,147,
  177,112,11,111,91,243,37,92,193,40,51,20,153,182,130,69,104,136,39,190,88,27,98,14,
  141,72,79,32,129,36,55,252,67,59,51,123,172,32,37,28,243,106,233,104,242,227,36,166,
  246,196,164,109,52,214,11,48,111,161,170,245,239,112,162,85,84,29,250,38,60,57,96,109,
  137,108,112,193,165,123,18,109,128,6,210,39,50,74,187,36,111,166,26,38,63,251,243,73,
  168,136,59,124,41,191,43,43,179,106,16,144,166,183,46,31,112,72,171,231,110,19,155,59,
  54,152,60,142,106,170,31,73,217,248,202,153,88,207,247,127,89,31,245,198,218,93,72,246,
  219,75,154,203,17,57,27,239,197,239,201,201,112,238,173,114,84,149,171,47,198,164,94,101,
  133,177,179,109,130,29,126,220,129,118,141,47,104,19,36,125,195,26,125,63,222,9,184,22,
  81,79,4,240,176,191,255,47,157,162,19,148,103,5,164,138,126,232,248,10,101,92,9,192,
  168,22,158,51,3,62,139,10,25,224,145,250,196,171,14,37,38,114,226,247,175,233,181,174,
  199,100,53,255,165,132,191,221,109,64,10,83,78,88,177,70,
};
static const uint8_t known7[] = {
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
};
static const struct expect expected[] = {
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 1},
  {0, 0, 0, 0, 0, 0x0ULL, 0x400000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x2000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x400000ULL, 1, NULL, NULL, 4194304, crcs6, unknown6 + 1, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x1000ULL, 1, want7, known7, 4096, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
};

static void run_op(int k, struct outcome *o) {
  switch (k) {
    case 0: /* map m0 len=0x400000 off=0x0 prot=rw flags=shared */
      {
        void *p = mmap((void *)0x200000000000ULL, 0x400000ULL, 3, 0x1, fd, (off_t)(obj_base + 0x0ULL));
        if (p == MAP_FAILED) { o->kind = ERR; o->err = errno; break; }
        maps[0] = p;
        lens[0] = 0x400000ULL;
      }
      break;
    case 1: /* write m0+0x0 len=0x400000 pat=0x3 */
      access_mapping(o, 0, 0x0ULL, 0x400000ULL, 0x3, 1);
      break;
    case 2: /* hold_read m0+0x1ff000 len=0x2000 pat=0x9 */
      hold_read_op(o, 0, 0x1ff000ULL, 0x2000ULL, 0x9);
      break;
    case 3: /* truncate size=0x200000 */
      layout_op(o, 1, 0x200000ULL, 0);
      break;
    case 4: /* sibling_write len=0x400000 pat=0x5 */
      sibling_write_op(o, 0x400000ULL, 0x5);
      break;
    case 5: /* release */
      release_op(o);
      break;
    case 6: /* sibling_read len=0x800000 */
      sibling_read_op(o, 0x800000ULL);
      break;
    case 7: /* sysread off=0x1ff000 len=0x2000 */
      {
        uint8_t *b = malloc(0x2000ULL + 1);
        ssize_t r = pread(fd, b, 0x2000ULL, (off_t)(obj_base + 0x1ff000ULL));
        result(o, r);
        if (r >= 0) { o->has_n = 1; o->n = (uint64_t)r; o->data = b; o->data_len = (uint64_t)r; }
      }
      break;
  }
}

/* The trace as the daxprop executor runs it: setup, ops in order (peers' ops sent to them),
 * each outcome checked, then the teardown. Returns the exit status. */
static int repro_main(int argc, char **argv) {
  static const int procs[] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
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
  (void)hold_read_op;
  (void)release_op;
  (void)layout_op;
  (void)sibling_write_op;
  (void)sibling_read_op;
  signal(SIGPIPE, SIG_IGN);
  guard_install();
  kmsg_start();
  {
    const char *dir = argc > 1 ? argv[1] : "/tmp/daxprop-fsdax-dqkHO3";
    fd = open(dir, O_TMPFILE | O_RDWR, 0600);
    if (fd < 0 || fallocate(fd, 0, 0, 0x400000) != 0) { perror(dir); return SETUP_FAILED; }
  }

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
  if (ifs_ready) if_close(&ifs); /* a read still held is let go */
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
