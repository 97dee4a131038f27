/* daxprop reproducer (generated; needs no daxprop to build or run).
 * property regress on backing fsdax_ext4, recorded on kernel 6.12, seed 0.
 * build: cc -O1 -o repro repro.c -luring    run: ./repro ARGS
 * before running: run on a ext4 filesystem mounted -o dax (default /tmp/daxprop-fsdax-FdS2c6; another directory as the first argument)
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
 *   truncate size=0x400000
 *   map m1 len=0x400000 off=0x0 prot=rw flags=shared
 *   write m1+0x0 len=0x400000 pat=0x20
 *   hold_read m1+0x0 len=0x100000 pat=0xa
 *   unmap m1+0x0 len=0x400000
 *   unmap m0+0x0 len=0x400000
 *   truncate size=0x0
 *   sibling_write len=0x400000 pat=0x30
 *   release
 *   sibling_read len=0x800000
 *   truncate size=0x400000
 *   map m2 len=0x400000 off=0x0 prot=rw flags=shared
 *   write m2+0x0 len=0x400000 pat=0x21
 *   hold_read m2+0x0 len=0x100000 pat=0xb
 *   unmap m2+0x0 len=0x400000
 *   truncate size=0x0
 *   sibling_write len=0x600000 pat=0x31
 *   release
 *   sibling_read len=0x800000
 *   truncate size=0x400000
 *   map m3 len=0x400000 off=0x0 prot=rw flags=shared
 *   write m3+0x0 len=0x400000 pat=0x22
 *   hold_read m3+0x0 len=0x100000 pat=0xc
 *   unmap m3+0x0 len=0x400000
 *   truncate size=0x0
 *   sibling_write len=0x200000 pat=0x32
 *   release
 *   sibling_read len=0x800000
 *   truncate size=0x400000
 *   sysread off=0x0 len=0x100000
 */
#define MAX_HANDLES 4
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
  "truncate size=0x400000",
  "map m1 len=0x400000 off=0x0 prot=rw flags=shared",
  "write m1+0x0 len=0x400000 pat=0x20",
  "hold_read m1+0x0 len=0x100000 pat=0xa",
  "unmap m1+0x0 len=0x400000",
  "unmap m0+0x0 len=0x400000",
  "truncate size=0x0",
  "sibling_write len=0x400000 pat=0x30",
  "release",
  "sibling_read len=0x800000",
  "truncate size=0x400000",
  "map m2 len=0x400000 off=0x0 prot=rw flags=shared",
  "write m2+0x0 len=0x400000 pat=0x21",
  "hold_read m2+0x0 len=0x100000 pat=0xb",
  "unmap m2+0x0 len=0x400000",
  "truncate size=0x0",
  "sibling_write len=0x600000 pat=0x31",
  "release",
  "sibling_read len=0x800000",
  "truncate size=0x400000",
  "map m3 len=0x400000 off=0x0 prot=rw flags=shared",
  "write m3+0x0 len=0x400000 pat=0x22",
  "hold_read m3+0x0 len=0x100000 pat=0xc",
  "unmap m3+0x0 len=0x400000",
  "truncate size=0x0",
  "sibling_write len=0x200000 pat=0x32",
  "release",
  "sibling_read len=0x800000",
  "truncate size=0x400000",
  "sysread off=0x0 len=0x100000",
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
static const uint32_t crcs16[] = {
  0xf6efa29d, 0xe44cef39, 0xcf3a8a49, 0xae39b026, 0xef3dc3c, 0x52c64a65, 0x1ccaa845, 0x2a8c2d70,
  0x6c6e15c6, 0x48495c51, 0x77510552, 0x26f2d4e3, 0x17e24f7b, 0x4f05cd93, 0x9fd2f8d8, 0x16929f60,
  0x71808668, 0xdd8493f4, 0xcd29b16e, 0xe96d40f9, 0x52fa038c, 0xf216bec3, 0xc52161c7, 0x2f8f78f5,
  0xd4a60870, 0xc11cec36, 0xe2d96ef0, 0x50709e47, 0x838d645, 0x701a0d3e, 0x20586375, 0x4cae93c3,
  0xa794d366, 0xb8e85a2b, 0x1605380e, 0x7da5190a, 0x107d25df, 0x8f25cc4f, 0x5055e14, 0xcb1e7196,
  0x8d970eeb, 0xb35872a8, 0x3ca2d05c, 0x804d5208, 0x5c69b8fb, 0x6df52e22, 0xcaf51605, 0x857fae70,
  0xcc4a2426, 0x5fb7badd, 0xb8f74a7f, 0xbb25d2dd, 0x815ec41a, 0xbe7e1b7d, 0xa6979d53, 0xcd50eda3,
  0xa0ac89d5, 0x6c7fda60, 0x587c151, 0xe59e6e6b, 0x19529ad, 0xf060817c, 0x920de590, 0x99e03798,
  0x7e5a7e53, 0x8b869872, 0x204e6cdf, 0x82a34ce0, 0x6d1f191e, 0xd3d3da9c, 0x303a32cb, 0x4f86d48c,
  0xf30ca38d, 0x6fefa32a, 0x77a93b91, 0x7bd5f29e, 0x9b24d141, 0x4f2dab7a, 0xc9463311, 0xb67e1ca6,
  0x5608e0f, 0x1266484e, 0x1deb17d4, 0x77b87b86, 0x5bf90360, 0xf53cdcc4, 0x58e49a24, 0xf8c8f1d9,
  0xa478c3a0, 0x6c8823b1, 0x76e328f9, 0x23c5cb78, 0x57d72f6d, 0x504b5619, 0x60661c01, 0x32fc2a27,
  0x716e0453, 0x4624204f, 0xc1f2fc61, 0x9059df53, 0x91df42bb, 0xbcc9959b, 0x6f76e2f1, 0xcad2e691,
  0x6dcf0d61, 0x1119d42a, 0xda278bbe, 0x44d76b73, 0x50adcbd9, 0xf952c49a, 0xc17edb5a, 0xbfdfb4a0,
  0x69331858, 0x17244f9c, 0x32f1cb53, 0xed1f12f4, 0xe65dfe4e, 0xa3533253, 0x38b53a4, 0x679c9797,
  0xe0996834, 0xf9c515a9, 0xd1b08cb4, 0xb3ed0ef6, 0xe0612800, 0x8c7e80e0, 0x7e6b1cd9, 0x4d81eb6c,
  0x225d4d90, 0x4b478f11, 0x43b1e06c, 0xda558bf7, 0xf2445b82, 0x7398c739, 0x1d26927b, 0xe2058b0e,
  0x235ad388, 0x288c4321, 0x7a9aea12, 0x3a547099, 0x248acdd, 0x3590185f, 0x1be03f95, 0xcff84c81,
  0x6f3ec52, 0xaf8b8149, 0x58f35095, 0xa50d2238, 0x17236d42, 0xedcb75c8, 0x5c9c3551, 0xe455b794,
  0xaf1b9c8, 0x1b6da204, 0xbeb6c6cf, 0x5737f0d4, 0xc6469a1d, 0xbf8eeee7, 0x7f9420f0, 0x39059c5b,
  0x20af65a, 0x5f133c58, 0xea9b1042, 0x3c4fbe0a, 0xc495d2f8, 0x6ccc047, 0x68ea9aa3, 0xa5f9237c,
  0x7e6a7382, 0xe14735a2, 0x95596e94, 0xcdb4ea8a, 0x2de18b12, 0xe45b01c4, 0xe21f5c80, 0x3ea5fe51,
  0x930d116d, 0x3384fc9, 0x99243a4d, 0xd6312380, 0xc2723666, 0x9bff92f5, 0xd6fd271c, 0xf8f457d2,
  0xae3d3121, 0xae7695c1, 0x2503f1e8, 0xf5d2e4ab, 0x35e2ae98, 0xda249f21, 0xdc3979df, 0xeba16807,
  0x2d8c5b66, 0xed670c13, 0xef38b9e, 0xc9cfc9bb, 0x958d20a7, 0x98357e50, 0x326c470f, 0xc837125,
  0x79acac4a, 0x73edf236, 0x9c784875, 0x23d42b0e, 0x37dcef85, 0xde2b148d, 0x699931f6, 0x32c4d76f,
  0x2ad4a1af, 0x8fe0c926, 0x9685ac96, 0x2cf4fd42, 0xc60e913e, 0x229d044d, 0x7a4c91b2, 0x7cba9bfb,
  0x9ed4893c, 0x90656056, 0xefcba285, 0x339c0ec5, 0xaca23636, 0x4972b689, 0x35f0e555, 0x41df657f,
  0x48bdd0a0, 0x4588c229, 0x35ed044c, 0xaad4833c, 0xd772fb83, 0x37b10ba, 0xa66a974e, 0x63ebc538,
  0xf0d17fca, 0xaacf23cb, 0x4a3d4f85, 0x6cffce54, 0x31072687, 0x849a690a, 0xfb2830e, 0x16100a72,
  0xab6918ed, 0x20a3f247, 0x8fdbda7c, 0xa68db47, 0x9fb66993, 0xef8984a1, 0x40beff35, 0xc13110d2,
  0xc8403f71, 0xdcbdf0c6, 0x5513a6c8, 0x3d6e5aad, 0x80779f66, 0xb81f837e, 0x93b8a396, 0x19b3fb36,
  0x9c73a856, 0x88af0f1f, 0x8f9a3e84, 0xcdcc95e5, 0x9219daf1, 0x3eebfd2a, 0x57a15caa, 0x700e2f58,
  0xc9fea2a1, 0x2240f40c, 0x9d2fe518, 0x6f9bc759, 0x8146ae22, 0xf14a5f77, 0xab4c4341, 0x32df74fb,
  0xe1ca6fff, 0xbceaa3e0, 0x80dc07a8, 0xe156ec14, 0xa9f45ec4, 0x82041aab, 0x675b1f0e, 0xd775f0a5,
  0x8a053e1, 0x4d85436e, 0x5b4edf22, 0xfa680600, 0xfdc7a291, 0x54f5a331, 0x2b3d5d8f, 0x182aa1b0,
  0xadf42c99, 0x198de576, 0x18a7d6f7, 0x58326dc4, 0x3cfba597, 0x55e9a769, 0x296d4b25, 0x50de902,
  0x738409e9, 0x1072f350, 0x29c86301, 0x55bf2408, 0xe35ecc00, 0xa7ac7d98, 0x1cfaa8f7, 0xd20bbab2,
  0xe574973c, 0x3da02f1c, 0xddb3970a, 0xe5dab57c, 0x60e6eba9, 0xb9fac151, 0x3da8b47a, 0x6e8333d1,
  0x299c50b0, 0x63b625c8, 0xa0a0cc7e, 0xb5c57cfd, 0x7be69a17, 0x3d701122, 0x9c526864, 0xb6617d05,
  0xa270d4ac, 0xf1369262, 0xe74cbae, 0x16145f3a, 0xdd50d6ae, 0xc8d96ebb, 0xedce39e9, 0x422c9b78,
  0x25ad2416, 0x8a4924bd, 0xf11ba396, 0xa1988856, 0x381e0da3, 0xa1fcb2db, 0xbdee851c, 0x3c6801ad,
  0xd98ea90d, 0xed1e91f1, 0x36b09bd6, 0xa6be90c6, 0x3400601b, 0xf343103a, 0x60b822, 0x85c68169,
  0x5fb5d702, 0xe1d9c0ad, 0x6ecee0d7, 0x3bdd364e, 0x4ae8a559, 0xe636d93a, 0x80efee8d, 0xb005717d,
  0x30c55e5c, 0x6f2692d7, 0x118237d5, 0x2ca97089, 0x77c72fb7, 0xa643f6cb, 0x4d29e76c, 0x29f1c9e9,
  0x6808ce33, 0x189ad7ef, 0x5bb9faeb, 0xb5c9c62f, 0xbe98948e, 0xe873b8af, 0xc52dde00, 0xdf45d34e,
  0xdf1e2c6d, 0xb726cd18, 0xe3ddcc0b, 0x9a562ecd, 0xf3e3c655, 0xe1936f28, 0x746db075, 0x6215a722,
  0x86840ead, 0x566956e8, 0xe9fbeedf, 0x8db27c08, 0x797e3195, 0xf93229bf, 0xb46d815a, 0x364b6733,
  0x6d30266e, 0x9d6d6d0, 0x8a494776, 0xddf8d0e0, 0x8674e982, 0xf5406434, 0xef278b5f, 0xdedbe98e,
  0xc96c93f3, 0x97c3b603, 0xc4b351f2, 0x384e2210, 0xa6986c00, 0x91da1164, 0x1b0d1998, 0x514281a8,
  0xfea30e8e, 0xf5339c00, 0x82ab8dbf, 0x782a88db, 0x371ac0bd, 0xb8b93cb1, 0xf7953086, 0x54bf459b,
  0xefad2927, 0xf867824f, 0xc09aa458, 0x3e2fd0fb, 0xb3330825, 0x522d39cc, 0x988d4c89, 0xb1ac6e70,
  0x556cfc59, 0xbb166482, 0x34568c6a, 0x76990dc9, 0x49cca25, 0x7eaa77ec, 0x8c1d162c, 0xb9609dbd,
  0xbc1dbca4, 0x1af8c863, 0xcc2bbca9, 0xa7a55903, 0xa11b23aa, 0xde20386f, 0x4b42e4c5, 0xadb8424e,
  0x294870f2, 0xfbdf3a4b, 0x752878ee, 0xa598ad13, 0x5f5c38b2, 0x16c5ca27, 0xa1f998bb, 0x8804812b,
  0xe557703f, 0x49dc505, 0x587116fb, 0xdb53a833, 0xad24e952, 0x646cf6de, 0xef3fb4b4, 0xb53afd97,
  0xb2c3a32c, 0xd051b0e, 0x6b913c86, 0xdc431331, 0xbb49ed08, 0xef7c1486, 0xc90c1059, 0x29a031eb,
  0x86c0f421, 0xee1caf69, 0x4e214a79, 0x3fb369b1, 0x7eae2b55, 0x61f9a30e, 0xc1c1296a, 0x3729b2ae,
  0xa09b9c10, 0xecabeffa, 0x1a53e1d2, 0xe0a40cc6, 0x2921755e, 0x13dda02, 0x4f6672da, 0xa18824a9,
  0x3fc7524a, 0x5e4c3006, 0x3ee360a3, 0x354d10d7, 0xc5b2c24a, 0xd364f096, 0xed0d5aa0, 0x45978c09,
  0xbd40eac0, 0x6e8c7cb4, 0xb6305c85, 0x2a345f90, 0x7de76b35, 0xabbd63a3, 0x282fbc3c, 0xfae19f58,
  0xa24af226, 0x73dd3113, 0x7e0e5618, 0x82131273, 0x2bf432a9, 0xa6ba392d, 0x249b21c9, 0x8db0b53b,
  0x887e1b00, 0x94b1c8b1, 0x218869e3, 0x250433e5, 0x887157cb, 0xdcbf7169, 0x4304a3d9, 0x1a6e6f66,
  0x1e84c827, 0x17477ce5, 0xc19987, 0x383e9d98, 0x7865d136, 0x1b799fd0, 0x96f9f80a, 0x7258bfe4,
  0xbb4c89a9, 0xefa4a14a, 0xbcf7df15, 0x758d1582, 0x9afaeb0d, 0x48b85ce6, 0x6ef5224a, 0x22c46d05,
  0x2dae18bf, 0xb11bc8cc, 0xf266b74c, 0x11d57f56, 0xb29c6d43, 0x4d20384e, 0x2e2d25fa, 0x8cfba71d,
  0x8a347e15, 0x7ab48493, 0xe85f625f, 0xa86c42ee, 0x8854a4bb, 0x348a8633, 0x1bf34f82, 0xa9ce7b13,
  0x322a95d3, 0xed2c9fe1, 0x6a25746, 0xb3c535a, 0x36b99aa4, 0x35820512, 0xb8f70b2c, 0xdea1b752,
  0x30619369, 0x26caf81e, 0x57881756, 0x844eb492, 0xeeccc55c, 0x36fb49ed, 0xac279cc3, 0x4aec88a7,
  0x5c19c6f3, 0x9a115586, 0x4ce12356, 0xd90744d4, 0xdcb71bf6, 0x1a8d4bc8, 0x6a05ed54, 0x339bc08b,
  0xa88a6039, 0x6d9f5677, 0xcc1be36e, 0x401d28b9, 0xd7efbe2, 0x12de4cc, 0xb1abc6a8, 0x59add085,
  0x6bb48c55, 0xdb667a65, 0xf8074d5c, 0xc47e071a, 0x873d6106, 0x42a42848, 0xab5e78ff, 0xbc841ac8,
  0xb05cdc, 0x4318b169, 0xd511976d, 0x1b23415a, 0xac266075, 0x25b05be6, 0x833a0c94, 0x3332f62,
  0x26b00157, 0xf435ea12, 0x128d0f4f, 0x9acefc54, 0xdfbd0165, 0xd2a5d18c, 0x51a75fca, 0xdc4bb7c7,
  0xc142867e, 0xc783c6d5, 0xadc80e11, 0x6d2028e9, 0x18fd2bd8, 0xf2e246ba, 0x31431ec1, 0x3e04c824,
  0xa1b3618b, 0x5ed207e, 0x48a3b9a7, 0x8a9e4035, 0x9f098b6f, 0xe359670f, 0xb31be623, 0x6adfc7c0,
  0xd675c2a8, 0x1d784751, 0x9a859a84, 0xc0e2cf1b, 0x5dbbf318, 0xdef7d03b, 0xed5f18f1, 0x45ccf91f,
  0x7485b2c2, 0xea5ecb2e, 0x1e2f1cf8, 0x60a60df8, 0x21854588, 0x1256d6ae, 0x857ce79a, 0x6397f803,
  0x120c3c2b, 0xef546f70, 0xfc0bd74f, 0x486399f4, 0xb0db020d, 0xf78d359, 0x17286a54, 0x1d9ebd86,
  0x71b26ef, 0x270d04d4, 0x711b0f59, 0x6d225fd0, 0x740e4bd2, 0x72fa26e3, 0xfd715e5f, 0x605f2f03,
  0x35e6e346, 0xcdf8321, 0xa85936b4, 0xa9f65466, 0x82491721, 0xfd6fe45d, 0x3e9c0801, 0x907c3190,
  0x27fe29a8, 0x1193e3d4, 0x382abea8, 0x75333b75, 0xe850cea9, 0x19f72a2d, 0x570d7807, 0x2e80a08e,
  0xa42454da, 0x35cc85f2, 0xe746fa47, 0x859453a3, 0x38c9112b, 0x780e8d0f, 0xbe8b5115, 0x4cd4e58d,
  0x9823cf92, 0x6df928cb, 0x2e5470f7, 0x1d151bf1, 0x1732c88d, 0x5f939c49, 0x78058b48, 0x63b636a6,
  0xa0f068ac, 0xd929a722, 0x3259c5f3, 0xc8d5f86c, 0x4a35bb96, 0x7c0383a2, 0x5098f8d7, 0x15e92a07,
  0x8ef894a, 0x26ddd6c5, 0xc2cb6d0d, 0x4595853f, 0x1eb573ae, 0x1abcb274, 0xc12b30f5, 0xe3cfc582,
  0x61e6eb76, 0xcef426f9, 0x17580b94, 0x8e88d909, 0x33c96818, 0x48e76f2b, 0x58e499ff, 0x1a7a698b,
  0xd765d336, 0xa182ddfc, 0xce79f166, 0x29a3b98f, 0x56a25fd8, 0xa2567259, 0x44f24416, 0x7536c9b,
  0xdba88c97, 0x13908584, 0x192643a5, 0x426aeb8d, 0x5af05951, 0x45d17624, 0x976a6f4, 0xda1f0cc7,
  0xf5d4649, 0x48f2ffdb, 0x2ae7921b, 0xfecb6b15, 0x6ef8d722, 0x7a61a862, 0xa01b322a, 0x24b472ae,
  0xbbab7b1d, 0x5a475000, 0xe582d833, 0xf589cbf6, 0xa2c562c7, 0xd049e64b, 0x43eb8a14, 0x6d222e4c,
  0xde2381b, 0xd810fa37, 0xbc6f44a6, 0x1193f1dd, 0x937e831e, 0x58f8d26b, 0x814934ee, 0xd4e8f0d5,
  0xef7aeb5a, 0x27cd09e0, 0x57c2b999, 0x592dcdce, 0x9ba54d05, 0x78afa9b, 0x1c465015, 0x2f202a7d,
  0x7979714d, 0x6131a7e1, 0xf6dc77f6, 0x4f887ab1, 0xf5ce5619, 0x73485019, 0x2525f861, 0x65e03448,
  0xad59e7e1, 0x26df52b7, 0x2768ecb, 0xac504326, 0x14d0f057, 0xbaedcdb7, 0xae22355e, 0xd0ec32aa,
  0x2e891022, 0x6702332b, 0x6d378fe4, 0xd89f70db, 0xe3b75004, 0x626b3db3, 0xe4a0db56, 0xbc63d2de,
  0x1c06d970, 0x8aa01afd, 0x107e8878, 0x7fbb2834, 0xaf262913, 0xe0cedd3e, 0xa12677da, 0x7f5a5aa0,
  0x2942b491, 0xe15f228b, 0xd8ae27d2, 0x2d83978d, 0x75eeab70, 0xbfd7d856, 0xa592b3b, 0x7c09d04e,
  0xdffb91ef, 0xb95476dd, 0x45f780ef, 0xf07076c1, 0x3eaa06ba, 0x50a9db0, 0xc850e13e, 0xaf402028,
  0x11a030e0, 0xf0091286, 0xfa5426b2, 0xc11da67e, 0x5f60ed26, 0x309aa8c6, 0xe26549c8, 0xe3ff80b0,
  0x4675fe0, 0x62b0645a, 0x9908fbd, 0x3a60b2c2, 0xf4dff860, 0xd22f4aab, 0x353ce35c, 0xaf3cc77e,
  0xb599ee46, 0x7f3405e, 0xccc1d9d1, 0xdbd2e0d8, 0x3b5fdae3, 0x196e85c6, 0xf530026b, 0x90740a70,
  0xa93634b5, 0xc794ce4, 0x6da868b6, 0x2dac0e44, 0x50df9441, 0x88dea688, 0x3f42fcfe, 0xa96d01a6,
  0x1c5e8415, 0x65179cdd, 0x731dce48, 0xdffd95f8, 0x15609100, 0x925f257d, 0x40907e2d, 0x4f1ce0e4,
  0x1570eb8c, 0xe590e12e, 0x60b18d8a, 0xacfa03c0, 0x5bb10ef7, 0x1fc7d865, 0xd22e0c68, 0x8c58eff6,
  0x4167e53d, 0x823f2465, 0xad4ae871, 0x359a506d, 0xbefd0ecc, 0x985f29a4, 0xec9c10ed, 0x7625b762,
  0x6c7acfdd, 0x1fb36fab, 0xc13e77d1, 0x219bd297, 0xfcd6d8af, 0xda062b8d, 0x557581a0, 0xca4e8cee,
  0x4fc1ac2d, 0xfbb8f5c7, 0x59a9abc3, 0x6b1f3b1a, 0x29bc1fd4, 0x88a79956, 0x6119be1a, 0x8397d43a,
  0xb6959314, 0x2e008ba1, 0x6678353d, 0x6687911a, 0xe0f3f495, 0x6b9b7c9a, 0x2aa0f8e2, 0xfb08fba6,
  0x2c2db1c7, 0x7c9672b0, 0x59cf05dd, 0x96e5d7fc, 0x7f00a9f4, 0x70278279, 0x2ade422, 0xccab9a86,
  0xd2dd1063, 0xcc8a7791, 0x620f147, 0x9f058f8c, 0x78375f17, 0x9c464cfb, 0xe1b979f4, 0x59c5ed2,
  0xb4758f0, 0xe8c8985d, 0x56b1a597, 0x44eba0d6, 0x2c427b6a, 0xe9f8d1a4, 0x2c82bda4, 0x7add9db2,
  0xd1b61546, 0xff397889, 0xe2e94464, 0xc1cdd0b3, 0xaa63f642, 0x1e1383f8, 0xcf8535a3, 0xa838eaa2,
  0x443e9e07, 0xbb87b0dd, 0x73f910f1, 0xd9e86f2e, 0x97f3d9c4, 0xcb8f6720, 0x1c11356c, 0xe9919a1f,
  0x2031176a, 0xa92e3fce, 0xf39c7863, 0x71694696, 0xac77b84d, 0x654fcbb4, 0x4ee8d671, 0xd98cda91,
  0x1a668b45, 0xfa6d3690, 0xa1b64fef, 0xbda17a04, 0x4fc93f2f, 0x282f196c, 0xbd5cbf16, 0xf98b2feb,
  0xb8f6f220, 0xe7515761, 0x6ea33518, 0x4b8d1644, 0x52042f66, 0x21933348, 0x12b7ed20, 0x7fe6e9ec,
  0x4b422436, 0x6df7f0bc, 0x56a5b7b3, 0x4d57656e, 0x8ba0867a, 0x31f496de, 0x98b454eb, 0xcbd28195,
  0x626ae84, 0x9eeb0cf8, 0x67553ffa, 0x91dccd0e, 0xf5045a83, 0x53db27aa, 0x191417c2, 0x61a28c84,
  0x50c91cef, 0x1f540e14, 0x47168566, 0x187de91e, 0x9fae4353, 0xa9dc72ba, 0xc352d310, 0x9bf777f0,
  0xdc929f9f, 0xf9e23ddd, 0xf26a9543, 0x4efcf3fc, 0xaafe1819, 0x79a6bbd8, 0xb9619e1e, 0x84bbdb8e,
  0x46ed8ad3, 0xc2aa768c, 0x1490a81, 0x5ba8f01f, 0x58c8f8ef, 0x2fae6876, 0x1c61d9dd, 0xc8029e4d,
  0x828cc8d3, 0xcde4318f, 0x936c246f, 0x29bb6312, 0x4b24da60, 0x65a5779a, 0xbab08f6f, 0xe2a0c05e,
  0x269b281a, 0xfdb64500, 0x44a1e927, 0x959555d8, 0x7354321e, 0xd84a5802, 0xb431735c, 0x8d3efe2a,
  0x86b30843, 0x259dee03, 0x938f2a06, 0xa074d27a, 0xde119253, 0x7727ad96, 0xf4623314, 0xbd6b45ea,
  0xe15f0bea, 0xbed41675, 0x46b36caf, 0x1579551e, 0xa4be20dd, 0x26c4a2b1, 0xa5a04043, 0xff36a992,
  0x6a0271ff, 0x93a6254d, 0xd33584ba, 0x89f51021, 0x374f3f1b, 0xa6e9a427, 0x57f8b8f5, 0x34871e70,
  0x582b1a3b, 0x1372bc6e, 0x8be6ca87, 0x89424472, 0x11c2ae90, 0x724bbc27, 0x524f63f3, 0xb7bb74ab,
};
static const uint64_t unknown16[] = {0};
static const uint32_t crcs25[] = {
  0x6e74fd50, 0xb314e350, 0x2c0ef5a, 0x77c8a0c, 0xb5f42518, 0x88c88442, 0x28b50afd, 0xab6301c1,
  0xc79e35f, 0x71c05a9a, 0x8cb9616b, 0xa0714516, 0xaf4c1516, 0xded4f555, 0xe9dad666, 0xb8a33e42,
  0x7dad9d7, 0x53fbc66, 0x6b862132, 0xea728631, 0x143d0008, 0x59a31c41, 0x90f0155e, 0x125cadfe,
  0xbbff1241, 0xd852bc5c, 0x5fa0e8f4, 0x5dc59c1c, 0x8eafc5ea, 0xb7046e9d, 0xd6b3ed2d, 0x96c5c681,
  0x4299fad8, 0x13a789c4, 0xc5120689, 0x347e8ccf, 0x97dd3a47, 0x59381cd3, 0xd56ad5d5, 0x1efbc941,
  0x25ba7437, 0x1ee9a292, 0xcfe063ab, 0x5ef591d7, 0xd7f13aee, 0xcb11259, 0x72ee2618, 0x210d9520,
  0x20898303, 0x5d1dc62, 0x23032fde, 0xde56e8b7, 0xdab3779b, 0x940cbc66, 0x688566db, 0xf1079749,
  0xd9073c92, 0x52d42092, 0xa99a7050, 0x1591c13d, 0xb5b418b7, 0x6f668650, 0x96db2b1, 0x9b5e234a,
  0x9039d2ba, 0xed5c20f4, 0x21ab9f84, 0xe5767eca, 0x1211aded, 0x92fdce5a, 0x6cda822d, 0x5188ced1,
  0x8dcba02c, 0x1e84a6bb, 0x5747a40b, 0x7bd4f79b, 0x20d57428, 0x87ee5ac7, 0x93299182, 0xbe96db33,
  0x278d3d7, 0x3053b13a, 0x4955ea17, 0x8e8b654b, 0x8fbbb600, 0xd3ed36a2, 0x8390bfd0, 0x6d9bd1c5,
  0xd765b6ac, 0xb72d046d, 0x26b0d638, 0xc6faaa7, 0x936ff62f, 0xa01e8f6f, 0x3404c132, 0xb83982ea,
  0xdf9e31b0, 0x48909c81, 0xa3be9ddc, 0x9bdecfdd, 0xf7b2d4ff, 0x995614a, 0xba81b296, 0x729b175d,
  0xb6b80fd3, 0xc98fbdab, 0x1fba8f6f, 0xf9242cd2, 0x1fd19045, 0x193f7fe1, 0xf64c5579, 0xec73380d,
  0x5302de71, 0x37716c91, 0x256ce699, 0x9bf9247c, 0xb8648ece, 0x48917f2d, 0xbab5a3b1, 0x8cc45bed,
  0x55b55fe3, 0x70eefa44, 0xf706e868, 0xaf7054a, 0x92087b93, 0x6b7aaa34, 0xf74fd3e, 0x8867bf94,
  0x39aeab11, 0x15c389b0, 0xa441fd56, 0xd8c37849, 0x1e698fa, 0x5faab103, 0x80d33049, 0x14d31cc5,
  0xc45643dc, 0xddfc9134, 0xafe6abdc, 0x57c64d12, 0xa29e5820, 0x8982f571, 0x3d52ecf1, 0x9c294916,
  0x84a626ba, 0x4986f130, 0xf021642c, 0xaf89782e, 0x725b1577, 0x69ee7584, 0x6a86c672, 0x3f03a803,
  0xc97a0548, 0x4b98f24, 0xd12f7b25, 0x5a032ebd, 0x278070d6, 0xc15e52a, 0x13374c58, 0xbe4cae49,
  0xa38c0b6c, 0x270a2575, 0x39efc0dc, 0xd370837a, 0xc602744, 0x7031bb11, 0x2510e8cf, 0x3360c98d,
  0xac34624f, 0x4bce7b67, 0xb885c916, 0xa0f76bb5, 0x9a34f358, 0x5d9b32b5, 0xd592c64d, 0xf4a54ea9,
  0xa8cf3b9d, 0x18b33e06, 0xb1a943a8, 0xe12c8196, 0x2ce3bb1d, 0xc165a661, 0x45c19006, 0xc6197b6f,
  0xcd8199e0, 0x56dfe82, 0xc746a02c, 0x91dc69e1, 0x6dd3e881, 0xae2e6d50, 0x5f5309f8, 0x997dca9a,
  0xdcf7fc3e, 0xc835c5a6, 0x92388d85, 0x7b2c7bf9, 0x73890740, 0x4860ee19, 0x9d1b55fd, 0x274b3e1d,
  0x33a6339b, 0x2a16cc54, 0xa476c181, 0x5780b6b3, 0xd5cf02c9, 0x43053e86, 0x37bbb235, 0xb2d29e82,
  0xe4310c8, 0x972d360f, 0x90dea2fa, 0xb6a5efb6, 0xa80ee9e2, 0xc1e2e224, 0x72fc6329, 0xb44a1cf3,
  0x72a0c2fb, 0xd21be03f, 0xd251cce3, 0xc9b1dd7b, 0x943f9a5b, 0x20f708bd, 0x1f1d73ee, 0x2f4093ef,
  0x32ee0dc7, 0xf14b2a72, 0xfa1e89d8, 0xd3b1cecc, 0x10e13fcf, 0xadee1e69, 0x1588e6ec, 0x14bcd14a,
  0xded38c85, 0x87b27a45, 0x2d1ea003, 0xee14ad6e, 0xce3b087c, 0x43d37d97, 0x27ea2894, 0x9090e16b,
  0xfb628c8e, 0xc682e963, 0x38711a4, 0x4e28a785, 0x35a7ed23, 0x3590d304, 0x30201976, 0x92f61e60,
  0x601395d, 0x24a15f50, 0x4c4b8490, 0xb660183f, 0xe2e01883, 0xbc3e7a15, 0xbbab6c4f, 0x26f5ff20,
  0x7f95fbf5, 0x84b776a4, 0x33f12fdd, 0x87db1949, 0x81574e6a, 0xcfa3e154, 0x8d7a0ce9, 0x184e2d6e,
  0x88423ac6, 0x4792f703, 0x206971e7, 0xb5f7f133, 0xe5653011, 0x343b4bea, 0x57d1fd9f, 0x752b277e,
  0xbae66943, 0x732b1ac4, 0xad0c9c27, 0xe65cd768, 0xa46615ec, 0x2be56e6a, 0xdfc420a0, 0x9eec6ab4,
  0xa44312c8, 0x70d90a7c, 0xa30ff070, 0x27ffdd2c, 0xdfd14ba0, 0xb7bcef65, 0x609ede5e, 0x6e1442e5,
  0xc5361685, 0xb902d016, 0x3d3cdc72, 0x4ad6d1aa, 0x630eed70, 0xe43248cd, 0x6312f814, 0x662755a3,
  0x9d41e48e, 0x1c49804f, 0xafd8b45, 0x412d740d, 0xfa6544cf, 0xc92fe45e, 0xbde83f7e, 0x6bbccfa6,
  0xdae1ec79, 0xd25da14e, 0x18a5ede, 0xfac9fc68, 0x28a20d37, 0xac22997, 0x8a3a9e71, 0x406455a9,
  0x7ccc0ffe, 0xa2ca2fb8, 0x7d773dbd, 0x63658e9e, 0x5e6fb041, 0xc3c54f9d, 0xfdc49719, 0x3dd2791e,
  0xd4e1f1ca, 0xe4f82ae3, 0xe2fddf0f, 0x4b0d3931, 0x1c0a0788, 0x306b56f3, 0xdc98d1bd, 0x2f226284,
  0xb88e0e6a, 0x3478a14c, 0x714cbd83, 0xc4f04e0c, 0x4ba27369, 0x17c0a6aa, 0x9f79ff54, 0xa4bc1089,
  0xc83c2b50, 0xb1f327b7, 0x260aa63e, 0x6ddc8d33, 0xa77248eb, 0x5afe2cf3, 0xbe74ddaa, 0xb9ca6cd2,
  0x3a395f77, 0xa88a70e0, 0x2a0d505b, 0x7b467289, 0x4aeb904c, 0x9ebcaf0b, 0x6dff0ef0, 0x7c8c412c,
  0xd9ea2cb3, 0xc565b3f1, 0xf7a92589, 0x6902e7c8, 0xb58f0020, 0xd5de7224, 0xa246859f, 0x141f8081,
  0xed3447ad, 0x3a4c7cf3, 0x1327bb3c, 0x2445c19e, 0x84382260, 0xe21b189a, 0x1548b854, 0x77c72d14,
  0x89be09d9, 0x3cd8c239, 0xec000989, 0x110a7370, 0x136bc0a2, 0x3d377a36, 0x103bc18a, 0x76c13489,
  0x6b0ae4c2, 0x33301f98, 0xe6630b7b, 0xf51474f, 0xda739c37, 0xd6747702, 0x96e94bec, 0x11f1275e,
  0x2930867, 0xbfcf0f3d, 0x63be6fa7, 0x7861e66, 0x77684d1c, 0x82d906ab, 0x9ffb2e90, 0xb4fcc043,
  0x67b50d65, 0x718721f8, 0xb750af70, 0xad635083, 0xd6593b06, 0xd6727319, 0x625cbe5d, 0xf32cbd69,
  0xa8e9c18c, 0x440e397, 0x57879b11, 0x57a3de1b, 0xcc15beda, 0x406f01d, 0x7a66a5b8, 0xb99de19c,
  0xd3e8a5d5, 0x1dd02b71, 0xe1a06ff1, 0x69f66be1, 0xcc3fa730, 0x48c1bc62, 0xa4ee31d9, 0x2d3e5320,
  0x357bf88a, 0xc159147d, 0x5808e4b9, 0xfa38c352, 0x8c4a3f72, 0x724b0bc1, 0x75fd1d4, 0xf03bdb60,
  0xf8cbba2a, 0x171ad0a, 0xcc93ce87, 0x921abee8, 0xa3bbc460, 0x55688865, 0x1010678e, 0xfc23a6fe,
  0xfd5859fa, 0x9d9c2286, 0x2d911b4b, 0x5f01736c, 0x5b26aa27, 0x3b811143, 0xbf6a3192, 0x9d30fb84,
  0x66c75a4b, 0x2c55c347, 0xb3d19bab, 0xe5878bc6, 0x205ce07a, 0x799bde0f, 0x9393647d, 0x86d0aef3,
  0x2f45ae9e, 0x826cfc98, 0x156abebc, 0xdf06ee86, 0x69be9671, 0x55bd7e12, 0xc708dc5c, 0xba55b6d1,
  0xa32570e6, 0x2cce1036, 0x54401813, 0x56dab62, 0xc04f62f4, 0x18e1bc5b, 0x976748c0, 0xf753b9ab,
  0xd979bba7, 0x76f8f899, 0x2ff14dc8, 0x53d0e823, 0x20d2ca59, 0xda6dfbbd, 0xcdcc8ec8, 0xb6a2123d,
  0xfd7d4873, 0xe6a99d6c, 0x118a743e, 0xbfb75eae, 0x37490d30, 0xcd14cad5, 0x9d2f93d9, 0x9606f270,
  0xa4eada5c, 0x2bc5c386, 0xc78d1288, 0x2f90fac8, 0x29aa5341, 0x50eeb98, 0x573092c8, 0x8ba52544,
  0x61ea3a36, 0x3ec0bc7, 0xc54521c4, 0x31501252, 0xe0a89112, 0x1d8bf546, 0xc287354e, 0xfb690e19,
  0x505bd74e, 0xfe755da5, 0xea0dc97e, 0x86021200, 0x105db842, 0x39fb5b6f, 0x5f740570, 0xaebc833,
  0x2638d335, 0x74863b15, 0xf80f31c1, 0xafb69eb6, 0x960a4301, 0xd019a102, 0x5a885316, 0x35d211dc,
  0xff5fd0ef, 0x55939ff, 0x2cecf61c, 0x2f7ee380, 0x76156695, 0x753b83e, 0x66ef64c0, 0x7d9f11e8,
  0xe47b8405, 0xcf682451, 0x554e1da2, 0x52162670, 0x1b0df7a2, 0xce9d6e7b, 0xb38d1d6e, 0xfc27e5b9,
  0x1c508fcf, 0xe396d470, 0x8fcae9de, 0x7618bbcd, 0x15310bb2, 0xf699bdfe, 0x7a04304c, 0x7cabbca2,
  0x31443697, 0xc71b817a, 0x745871c6, 0xcbe87047, 0xa5b835f9, 0x8f06bf6e, 0x198362f1, 0x9dcc4139,
  0x978f4f72, 0x309f56f, 0xb7f33a70, 0x6d706384, 0x9bb70013, 0x37926254, 0x76c37b94, 0x712d3368,
  0x2e78becd, 0xf06446bd, 0x79e5bbf6, 0xf7ff3d2a, 0xb5d61557, 0x717d0329, 0x957f6cda, 0xab53350d,
  0x1c5c126e, 0x681a582a, 0x3462c03, 0x910dea0f, 0x181a6fd6, 0x459a0cad, 0xa6423b08, 0xeddd306d,
  0x5f884e5d, 0x6fbda1da, 0x50a95695, 0xe363a78, 0x1a4d847, 0xe16a4df5, 0xeeea8bb3, 0xb1487007,
  0x331d6b19, 0x4c1a8093, 0x844638fe, 0xf620a193, 0xac3d47e7, 0xd9c73ba9, 0x5c909afb, 0x336a7fb6,
  0x8ba056f7, 0x88b58770, 0xfa72f0ca, 0x6cb74a9d, 0x1b95d21, 0x96fae63f, 0x29ac826e, 0x26418795,
  0xf5c6bb05, 0xd18d8ea7, 0x7f4a6171, 0xb17aa6, 0x2eabe9aa, 0x2b793813, 0xfa6b012b, 0x7680cadc,
  0x30532865, 0x89c2ea03, 0xb7073db1, 0x66980e2, 0xc34cc3fc, 0xedf8a4cc, 0x93e52aaa, 0xcb5d7f6d,
  0xb6d30c63, 0x2e291ad7, 0x528da9c8, 0xb83abe19, 0xbfcda50d, 0xc23402a3, 0x827dcf29, 0xb7057019,
  0x38a54581, 0x1e6b4937, 0xc9fee55b, 0xabf0f680, 0x6dc95d1d, 0xa925245d, 0x69175b10, 0xf20b1a3b,
  0x70137cf4, 0xfb7b759c, 0x8c47ecac, 0xdcea2bbf, 0xa7556727, 0xb39144e8, 0x5e2e38e7, 0xbc9c78ef,
  0xf5afe8c, 0xe9657da2, 0xcad3a235, 0x96cb7b86, 0x33e1a8f8, 0xe91439d6, 0xe2c9bc0e, 0x82881f16,
  0xe589a4c2, 0xfa763120, 0x3a776acf, 0xa3ed8b77, 0xe6caaa64, 0xe7da788, 0x196f41d8, 0x1c7f7c97,
  0x2e634170, 0x2642fbe, 0xaf4dbd7b, 0x31aae0cd, 0xd3b72299, 0xc79ac7e, 0x535ab6fd, 0x12507250,
  0x263ffb45, 0x47040b75, 0x3436469c, 0x51131383, 0x5819532, 0x953fe65d, 0x201a0e10, 0x890e6004,
  0xde5b2e11, 0x4e02d18e, 0xcc2d3112, 0x51efb25a, 0x1e24c068, 0x81bb4319, 0x3c36bffa, 0x91e05753,
  0xdfacb253, 0x5d3b75be, 0x7f1bd710, 0xa25c0205, 0x9528fb3a, 0x4c23d325, 0x3b588a4a, 0x4b11d4a0,
  0xb03166fa, 0x33f12d85, 0x25428348, 0x28856d8c, 0x9b624212, 0xb5b17961, 0xd3f9b24d, 0x7da762d9,
  0xc6a990b9, 0x98ff19be, 0xbd83aea0, 0x1089606b, 0xf6b89be2, 0x366640d6, 0xa6257d93, 0x11b0a18,
  0xdda3dbda, 0x1d1ca147, 0x5d04e602, 0xb33014ed, 0x41dda049, 0xc8c0e1d1, 0x570a786b, 0xcbde6650,
  0x903e1a64, 0xdecfda51, 0x86ae75f4, 0x7c12a413, 0x10111b02, 0xd42668c6, 0xae771549, 0x128dc2c6,
  0xcb3021bd, 0xabec97cd, 0xd4735f79, 0xcc05cc32, 0x2140304b, 0xa76c0246, 0x8ba1bbde, 0x8e67d62f,
  0xb160d4c7, 0x7627f019, 0xa6abd4a1, 0x6147c4b7, 0xb8e85913, 0x55e2232e, 0xf9d7c94b, 0xc8801a05,
  0xc1f4d4ea, 0xaa25b142, 0x63144aab, 0xc94af222, 0x772c5ab7, 0x3924a024, 0x281caeeb, 0x8f795fd,
  0x95886349, 0x445a4b8e, 0x9f2140d4, 0x2015b350, 0xcc52aa3b, 0x1947acca, 0x51d7d118, 0xca6f19c8,
  0xf89efdc8, 0xc1f33c62, 0x33de0322, 0xfbcb195, 0x9bb9b5d6, 0x86aa03be, 0x31d42c55, 0x9c6c6fda,
  0xe1f96f22, 0x5e7a28cb, 0xc1459fc8, 0xafa1b5aa, 0xd9c8b3dd, 0xe78c6e05, 0xdb9cdd30, 0xf539a812,
  0xfc81f657, 0x2408347e, 0x7db0db84, 0x9ed65e8c, 0xddb01d55, 0x6d5e6322, 0xab8c0664, 0x4532d11e,
  0x8a11460c, 0x6d3c2a01, 0x86853289, 0x1f55866c, 0x7b3e24a4, 0xdb8d94b9, 0x5e87c71b, 0x11d84071,
  0xa2a5254e, 0x2ddf1b58, 0x2f014ce6, 0x30dd78aa, 0xa78c88ac, 0xedb424be, 0x84bb79d, 0x9fb59670,
  0x56def9fe, 0x2206753f, 0xa65b76dc, 0x3786db43, 0xe76b6e17, 0x1dfddbdf, 0xe8f29796, 0xdf422ecc,
  0xca3a22ea, 0x65643cfa, 0xd4efd6c9, 0x6122dc4c, 0x179b2ec6, 0x1503b118, 0x45ef160d, 0xd892e6c2,
  0x59656a24, 0xd9cf1eee, 0x84f17ea4, 0xa06e6c88, 0x7592834e, 0x2ec7168d, 0x7de5bd0d, 0xa69a9791,
  0xf0f17166, 0x8de0aa31, 0xff29c059, 0x92cf480e, 0x33adeef5, 0x294e0007, 0x4fa5f382, 0xbafa31b,
  0xed369d81, 0x1f06b54, 0xcd893fea, 0xb62dcf3c, 0x3b33aa5, 0x22a3c76e, 0xf5b36372, 0x4fb860dc,
  0xf819e9ee, 0x1d37a19, 0xed79882a, 0x2c1339ee, 0x24483a11, 0x5c8d1b47, 0xd2330057, 0xbf13f653,
  0xba7c68ce, 0x4bec5d8e, 0xc5f60063, 0x8eef5065, 0x5e05a7fe, 0x8a437af, 0x32718ffc, 0x45ee9c04,
  0xf74f6761, 0x7b475ba6, 0xeacabea5, 0x385b43e, 0x581fc607, 0xc5a9ec0f, 0x65044023, 0xb41dd3ae,
  0xc01c5bea, 0x36754a29, 0xb7923d58, 0x7c69234c, 0x94a36c6d, 0xac779a50, 0xe63e1a79, 0x58d19b32,
  0x1d9bfacd, 0x19e01b5a, 0xb68e8612, 0xfa765ec7, 0xd7bd3d7f, 0x23e1811f, 0x120bd4b7, 0x8bcb3345,
  0x65acc783, 0x61893241, 0x1f2663db, 0xf98a4a2, 0xb7748ad8, 0x51cd1f9, 0x74bdf874, 0x1db6a3cd,
  0xd6ebda41, 0xa9124a75, 0xaebe05c, 0xbb627c70, 0x615f53f6, 0x67ecbd75, 0x3a8a4817, 0xfc714435,
  0x553c8c67, 0x4f5f1d83, 0xcf490565, 0xaadf167, 0x48f33ecf, 0xbcf9613a, 0x44d80d7e, 0x647c3b9a,
  0xd71db207, 0x4f64c4b3, 0xe85add6b, 0xee687dbb, 0xb46ada2b, 0xd478cf66, 0xeb454ec, 0x8f1696f8,
  0x697528ce, 0x7fa4f524, 0x76ba732e, 0xc0f21674, 0x4846db22, 0xbb361c5b, 0x88bb6386, 0x4a0fca8c,
  0xc0c8037, 0x2d227651, 0xd1473a47, 0x696e6244, 0x227b7bdf, 0xc966768b, 0xa55da98d, 0xc3b0416b,
  0xd7243c5a, 0xe05a4957, 0xdab747ac, 0x60513c46, 0xbad547b1, 0x383c8402, 0xb5cb5792, 0x2b082af0,
  0xa3016506, 0xdd3027f9, 0x12557c86, 0xd6f673d0, 0xd02fa0b0, 0x702dac43, 0xbbdece7a, 0xd7f3fc1a,
  0x844111ad, 0xd19d5be8, 0x9498ab87, 0xfdf63041, 0xe35d1c6c, 0x10d44fa2, 0x6824e6b0, 0x3f4e4d14,
  0xa0ba0853, 0x7edeb401, 0xb8c83f9b, 0x5d2d678d, 0xc6ec422c, 0x91f69497, 0xab339a95, 0x30b93fa0,
  0x192e5c89, 0x15ae9a9b, 0xef7f4eb3, 0xfcfeebe0, 0x57608582, 0xc46032b2, 0x73efabf3, 0x2efd11c8,
  0xbd2edeea, 0x7f6aea37, 0xf8530ca3, 0x18108e44, 0x5794854c, 0xc63b090, 0x7b8e5137, 0x1e286283,
  0xdfa13fe3, 0xfdfcf9da, 0x35addc2e, 0xc7b087d6, 0x111fea53, 0xe9e7a081, 0x4bd9b544, 0x504d040a,
  0xc99a220b, 0xcb190031, 0xab7c4ff9, 0x7dddbcda, 0x677372cf, 0x1aa812c8, 0x3703bc16, 0x743ec214,
  0x181ae0e9, 0xc779ec70, 0xe7102926, 0x682445, 0x95bb5f8, 0xe34512ad, 0xd74fee1, 0x32de3c1,
  0xb0686951, 0x58268bb, 0xd90f1739, 0xa7976963, 0x5326cb6c, 0xee3ba9ad, 0x4a7ebf47, 0xbe3174bd,
  0x91ba0261, 0x66b55ae0, 0xf207207, 0x2b9c560, 0x64590f53, 0x41d940ba, 0xd83e0cd2, 0x7f5dc766,
  0x6525d8ce, 0x233afb4c, 0x750c0d06, 0x41354d15, 0xc91ac2cb, 0x5269a5ab, 0xeed1b570, 0x1c85a151,
  0x62634b69, 0x29f02baa, 0x8f328637, 0x9953895e, 0x7877ea0b, 0xa1bb3e12, 0x774cda84, 0x55db38e5,
  0xcb275ab5, 0xde10b46c, 0x9676ee3f, 0x44ae458d, 0x5307935f, 0x7dbd5224, 0xd065ea06, 0xd82f8541,
  0x1ecebda4, 0xb0a88fb6, 0xba7809f7, 0x2e49f876, 0x68b4f032, 0xadc7e7a6, 0x6153eda0, 0xa79633b1,
  0xcf9dc6b, 0x38916a49, 0xf5543960, 0xb2a22c7c, 0xfa63bf0d, 0x85506a31, 0x49bb7c41, 0xb2e5db5b,
  0x35a34e64, 0x80f50629, 0x62dfae8a, 0xfb0e1119, 0x2dd7c98, 0x408ea008, 0xfbac3597, 0x7ada42db,
  0xe41a5805, 0x2d15a36a, 0x87bc7185, 0x1f5594e4, 0x163adcbc, 0x17505915, 0x539d80af, 0x64976809,
  0x9bc9df43, 0xa17a1748, 0x76640d3, 0x933e5e7c, 0x3ef89072, 0xd0a93e0c, 0x1bd83954, 0x8c60bdc4,
  0xf9ce5145, 0xeb867ed7, 0xfb6f83b2, 0x5c4b9a7, 0x47cf965e, 0x3ad9173d, 0x3e77575f, 0x7afa17b4,
  0xf98d8f92, 0x1b357a9c, 0xd6266542, 0x8713b7bf, 0xb47a86c7, 0x5a2a16fa, 0x1520df0a, 0x83a78016,
  0xcf51e234, 0x7aaca01a, 0xfedc0b36, 0x771d35b8, 0xf6c2b3d4, 0xe1687aba, 0x86828113, 0xd34be0a4,
  0x5587fd0, 0x682e1be1, 0xa6f8d8ec, 0x4e99bbd5, 0xea4680e0, 0x7dd483b6, 0x79d86ce4, 0x1bdfda5c,
  0xb4e3cfa4, 0x198b25c3, 0xe18616f7, 0x5cc1c8d2, 0xad572a31, 0x9f2eb4d7, 0xb6494b55, 0xda4f8748,
  0x217cae05, 0xaffc8112, 0xd13a1d91, 0xa2bea9e7, 0xc6b6c635, 0x138dd9f0, 0x87035062, 0xaa302c4e,
  0xd0320457, 0x3084c399, 0x942849f5, 0xcaa0b06a, 0xdcb56f70, 0x8bbab761, 0xe7e98b84, 0x37205564,
  0x400357b8, 0xebac69d3, 0xe7c1e39, 0xf3e01a1f, 0xe2be2364, 0xf55acab4, 0xf84e2560, 0xa3486cd0,
  0x4b4dcab, 0x550063d, 0x8ca3a20e, 0x3b928ebd, 0x6f8ec838, 0xe29ad7f5, 0x179623d6, 0xc915350,
  0x1604be31, 0x214218ad, 0x748b59f5, 0xd77446cd, 0xb0a45135, 0xbc394de7, 0x86a2a70b, 0xdffb6140,
  0xe5e96258, 0xcd360dc8, 0xfa64afbb, 0x28b4f285, 0x9b6e83d0, 0xc0bb19c2, 0x64131c9e, 0x82e02f66,
  0xaf8db9d5, 0xe5b757a0, 0x5f81bd49, 0x8a9dde29, 0x5aa5b031, 0xefb7f137, 0x2e6d1619, 0x7fd36da,
  0x96454b97, 0xacee35b5, 0xde653b78, 0x2c43f34f, 0xd5c45311, 0x228dc0ec, 0x5eebd407, 0xdb528f7,
  0x14e86a18, 0x1c802398, 0xbc48193c, 0x970f3967, 0x1a6bd568, 0x2e50f19c, 0x4a439b12, 0xfbea3229,
  0xcbf75d2a, 0x5cc760b4, 0x70a3ada7, 0x1500b08e, 0x8a78cfbb, 0xf652cfb0, 0xb34be0be, 0x1b2b9bfe,
  0xa19d1d14, 0x5881a5e6, 0x7f1eb998, 0x85a3f88f, 0x37e2f74b, 0x98262d8b, 0xfaa2fc34, 0x8d0d0012,
  0xf975df5, 0x3f8aff2f, 0xec2bbe1b, 0xcdab8d13, 0xa5df28b7, 0x501c1d39, 0x1cbdfd2d, 0x2bb1d1b,
  0x4e5f5ac9, 0xae7c4ba4, 0x84e062c0, 0x3edc32f9, 0x48848055, 0x5353ef6c, 0x4e28fda7, 0x5c04a8a8,
  0xa599f7c2, 0x8f9fc72b, 0xc413851e, 0x7af35dca, 0x8fa5632a, 0x8b5a6519, 0x91eeb149, 0xb33b28a2,
  0x37efaeab, 0x70ad9e5d, 0xf66892f7, 0xa344b59c, 0x2a8138ed, 0x25866023, 0xb78005b0, 0x3191d693,
  0x9c0ec41d, 0x6e67bdbc, 0xf7083367, 0x6cd13364, 0xcead0141, 0x2e96e48e, 0xf132ff4a, 0xeae4250f,
  0x26d9541e, 0x9b65d791, 0xdfc8d6ca, 0xbdd37ee9, 0x6bbb9ee6, 0x811761f8, 0x3f0b63ac, 0xf1893c41,
  0x4afc85e0, 0x3aa65556, 0xed2a1c92, 0xfc24e634, 0x41150d3e, 0x5fe743ad, 0x757da2f3, 0xf5c8e812,
  0x3be14414, 0xbde1c06, 0x758ab91c, 0x77a16119, 0x68bede65, 0xa938790, 0x930f5e2, 0xede5798e,
  0xb08cb117, 0xdcc5351a, 0xf8e62294, 0x5f118d81, 0x47643d63, 0x3cb96d59, 0xe81804f5, 0xff0cae6b,
  0x67cae2ef, 0xaf6d0dcf, 0xef5ad32, 0xe878ca6c, 0xf33b3ce1, 0x457633dc, 0x712041ac, 0xc9df767f,
  0x7228412d, 0xb08c6026, 0x8ccbb53a, 0x375562ce, 0xed96ca1c, 0x4036a874, 0x6990b103, 0xe6f30bc7,
  0x47cb4233, 0xecac7181, 0xf9b5c8a5, 0x66e11871, 0xe795a885, 0xc38ce5ec, 0x1843812d, 0x19779a46,
  0xe8a210c7, 0x9dd4d6e8, 0x35a1a4c8, 0x7b46db1, 0x6d214796, 0xec33c1bf, 0x5fce30cf, 0xefaab057,
  0xe79ae252, 0x36fe441b, 0x3727670, 0x50f04934, 0xa636cfbb, 0xa6d99965, 0x26e9aaf1, 0x299a8d8d,
  0x7cbf4c1e, 0xf3468f19, 0x921552f4, 0x46d9a119, 0x812e770f, 0x525c75d5, 0xd1cdd6a, 0xe1e3c5f4,
  0x303984fc, 0x92cc985e, 0xe9b31a99, 0xd03e1028, 0x3f53959a, 0x21cecdc9, 0xedbd7c46, 0xa6c3f718,
  0x33d7e4b4, 0xd8c35329, 0x8dca3892, 0x330418a6, 0xdf54c5f8, 0x78eb82b3, 0x849bba86, 0x2345b879,
  0xa5b81d8e, 0x48595963, 0x311b4d6b, 0xa481e4b9, 0xcd5486e7, 0x4c58a60c, 0x683d37d7, 0xe612559b,
  0x838bd7e2, 0x7e23972f, 0x2912ff6b, 0xcc2f4f52, 0xd2157891, 0x8d8f00b1, 0xf9cab925, 0xd84e48b3,
  0xa04f75fc, 0xe174263f, 0xd05998bf, 0x5714881f, 0x3e0e535e, 0xbe8d85c, 0xbc3f609b, 0x4e4b06a4,
  0x707e630c, 0x79534554, 0x498c0eee, 0x5081c8ae, 0xdbe62cda, 0x34119c8f, 0x98e1f445, 0x47c7891a,
  0x361279c7, 0xe011464a, 0xbb59f096, 0xdc78a88e, 0x6eb41ca7, 0x416af70a, 0xf04d8f01, 0x7d3653df,
  0x70cab1b7, 0x64bb9c6b, 0x578f8bb, 0xc9f8f9b, 0x6724fa40, 0xc540bd42, 0x70625a40, 0xd8f88463,
  0xc059115c, 0x283e9593, 0xd8500db6, 0xb18d323f, 0x45a0646d, 0x61dda761, 0xbe921639, 0xacef73a1,
  0xb0ad499, 0xc9d6ae56, 0x8fa9c24d, 0xc6dd843a, 0x5e5a722c, 0x2d2b235f, 0xe97b40d7, 0xcf5248fc,
  0x3469d488, 0xc910a5e, 0xa7452a2c, 0xa82f79c8, 0x53c8fb04, 0x6ef16be7, 0x1a0c77b7, 0x233a0fd6,
  0x4b498321, 0xcb3e4e18, 0x1d1a2767, 0x2d1c44e6, 0x54d525a1, 0x93ac1c88, 0x77eaff84, 0x5be84546,
  0x58ba7508, 0xebbdd5e4, 0x30cdf701, 0x67a51d6d, 0xf011717f, 0x6d47f8a7, 0x14e3f59d, 0xecb27097,
  0x5d64b4e7, 0x2d1fc468, 0x7632c380, 0x5d9e4c1, 0x89703876, 0x5a1fa137, 0xa75020ce, 0xf8d94fa7,
  0x1c879e4e, 0x73f82283, 0x22021925, 0x314ae9d0, 0xed770a46, 0xfc05a56a, 0xc4da7dd8, 0x726169d6,
  0x5a094700, 0x5f5d4526, 0x45baed0d, 0x3263f298, 0xfeb3f237, 0x21197b8b, 0x6f079877, 0x90d10a1a,
  0xbc107896, 0xf1d0ba1c, 0xe01bcdac, 0xceee5521, 0xb90e9201, 0x1133a9ff, 0x646de285, 0xd2df0f2e,
  0x76d5927e, 0x11602c6c, 0x938d6c33, 0x14c3d14, 0x5df9dfea, 0x84b50654, 0x76484a1, 0x7cb12d3a,
  0x5b775b04, 0x8a6bbaf3, 0xb41a7df3, 0x839a9b89, 0xd6e32052, 0x55182da, 0x3f30d46a, 0xf1d9c738,
  0x58aa0345, 0xd908451, 0x2eb08e1e, 0x234f8654, 0xf8ade3d, 0x2783139c, 0xfa3491b7, 0x9a985c38,
  0x6bcca074, 0x59f8d733, 0xbe444a66, 0xdf52cbc7, 0x1a08b38a, 0x98887eda, 0x1b2036aa, 0xb3846488,
  0xa0be07c, 0x652be3f1, 0x960ba5ec, 0x20ad8572, 0xe9452210, 0x32a981de, 0x7b174b86, 0xcfb4d69a,
  0x45589b08, 0x5e35b103, 0x9a9503e2, 0x93d1c3da, 0x556a7c5e, 0xfdaa06d0, 0xbf63747a, 0xe78cb7e4,
  0xd3f24e2d, 0x957f4bb7, 0x4110cc4f, 0x493950af, 0xaba55b02, 0xd35d8661, 0xb497b3d9, 0xeb5ae90,
  0x8e73d278, 0xd49bebc1, 0xd6308a96, 0xeecd13c6, 0x29268c78, 0x3a38e58c, 0x23d467f8, 0x37d5fb94,
  0x2507b579, 0x40b18d09, 0xb6ec28b5, 0x9900cd1c, 0x5eeb1572, 0x7196f301, 0x30e8cede, 0x27ba07,
  0xaf8ffe1e, 0xdd4cd3a7, 0x6a64f1d9, 0xc28c4758, 0x336e0429, 0xe0603169, 0x6eef0f6d, 0x3510301,
  0xe8175fac, 0x47b61f83, 0xacbf2606, 0x2bc576aa, 0x6351f3d1, 0xa35c3910, 0xce53e2bc, 0xfcf92020,
};
static const uint64_t unknown25[] = {0};
static const uint32_t crcs34[] = {
  0x7ee66da6, 0x3f0a2ea4, 0x7d9053d4, 0xf5699172, 0x915f6d93, 0x944f2dca, 0x40ef71ce, 0xc7b07567,
  0xf0e87331, 0x30d0e609, 0x14a7274a, 0xcdd38af1, 0x6da1bbe7, 0x1dbdfb8d, 0x2454ca66, 0x63381626,
  0xdeb83111, 0x7076ea90, 0xe8cfbc7d, 0x79bd4fac, 0x5a74fb7f, 0x7d51eab1, 0x916b0364, 0xbbb8519d,
  0xeb1fe87f, 0x1a29c662, 0x1a164fd1, 0x5643d145, 0x5f2c56ab, 0x6dc3793c, 0x1f172623, 0xb09ab26c,
  0x356e5a91, 0x6c7228c, 0x35dfc111, 0x5d099b3b, 0x27d763dd, 0x99710b88, 0x7cf75e72, 0xa0e2a944,
  0xdb4c251a, 0xc20a8337, 0xc5f0cc73, 0x71b0fc2d, 0xa86d7a6b, 0xffb7417c, 0x6f9d163d, 0x63cb58a,
  0x408de4e1, 0x57b568b3, 0xc3dd971b, 0x6f7ba430, 0x320029ea, 0x2e509824, 0x58b60001, 0xc1a5bccc,
  0x83129d34, 0x8a16bae, 0x3b7feec8, 0x2b26a8a0, 0xfd893456, 0x18c2e74c, 0xf9b18759, 0xfc0c3013,
  0x3e0a3e90, 0x2ab1a1e2, 0x44f60c1f, 0x99cb8870, 0x767f6c21, 0xa3dd52d, 0x6bf8889f, 0xe9171cf8,
  0xe31e250a, 0xaada776, 0x6716c0f2, 0x53337a79, 0x6d5b334a, 0xfcdb340b, 0xa5e3a51a, 0x848c78dc,
  0x307302d5, 0x72027fae, 0x2d33bcbf, 0xfde44ab3, 0x5e48ea7c, 0x10a69894, 0x8fb2df1c, 0xb22e8783,
  0x7b11810d, 0x80fa9ce, 0x33fdfc13, 0xbfbc9d8b, 0xdeacabf5, 0xa9554739, 0x3f62e0d0, 0x342c04fe,
  0x9a2cf789, 0x54af3942, 0xe877088b, 0x5a73976, 0x6def74c9, 0x538ce26b, 0x5bad1cda, 0x54136cc9,
  0x4e610485, 0x144a8027, 0xdc182f98, 0x6e85bb1f, 0xe0ddc8a1, 0xbd0b8caf, 0xb222f14b, 0xa8cb67d3,
  0xdc975fca, 0x782be14a, 0x2cff6cce, 0xb8390963, 0x455710f0, 0x11496969, 0xeb84e168, 0x719d9652,
  0xcd68c361, 0xa4ffd2fa, 0xa6b92d2c, 0x113bed99, 0x21aa4670, 0xd47c8df4, 0x59fa6d20, 0xb79fc070,
  0x8a2f6361, 0x71b49a14, 0x69fa92f3, 0x338c9407, 0x4e9c3d8, 0x347d3fd8, 0xf67cea1f, 0x8e25c994,
  0xfa885c4b, 0x788cb5fd, 0x9dd8084b, 0xa2b72932, 0xbdda1375, 0xb4ec4534, 0x3cefe5de, 0xac9ba433,
  0xa8efccce, 0xa80e90ee, 0x1a8708e5, 0x8351febf, 0xe957aae8, 0x9b28e7e, 0xe6f8efca, 0xa515a941,
  0xcc744545, 0xcc7215bc, 0x84e41a5f, 0x21f44efc, 0x7f4d836f, 0xb74d676, 0xad05d557, 0xcf134cd2,
  0xe11693d2, 0x7584bf35, 0x6a26e71c, 0xdae0e1f5, 0xe0517241, 0x6b06c5f4, 0xd04c7ae, 0x84555994,
  0x3a91297f, 0x111f5d43, 0xea6fc32d, 0x6c411e99, 0xa233ddc2, 0xd6354180, 0x16b825db, 0x6abc4a4a,
  0x2cdb15bd, 0x6d4a758b, 0x735a893b, 0xf503f3, 0xd38db9de, 0x599d6408, 0xfb692b3d, 0xf70e08f6,
  0xb0b2c1f6, 0x3b925da2, 0xb6b5dcf3, 0xa65b361d, 0xb349f8ae, 0x60a49db1, 0xf58d82eb, 0xaab8b949,
  0xc2c6f8c6, 0x2082e807, 0xe9efc718, 0x1ee6cb42, 0xf73d629d, 0xb1c71557, 0x8e99e285, 0xdc8a3617,
  0x18c1c872, 0xa23fdc85, 0xe3e151b2, 0x298f4f75, 0xbab6f4cf, 0x8923301e, 0xed8eb56, 0xefbfaec0,
  0x1d733e4d, 0x3c2be818, 0xd5a95a8d, 0x88bde049, 0x2a8ea49d, 0x1dcd94e, 0xc353d37b, 0x20c368c3,
  0xd72a9687, 0x2c722ea2, 0x1731a0a0, 0x98f36f44, 0xa5bdd2f5, 0x2148650e, 0x804e7c18, 0xf49341b4,
  0x370adcfb, 0x24d44473, 0x6ff41818, 0x657a4ac0, 0x2ba1584b, 0x1c8de107, 0xf1bc8d38, 0x7939f347,
  0x5c5dc558, 0xbfa46173, 0xb8943d45, 0xc37d86eb, 0x3cfae526, 0x839f202e, 0xa7c17360, 0xa2b09bf,
  0x9567b23d, 0x9c196cae, 0xf4ebb7d5, 0xf482b85, 0xa57d4f77, 0x3ab42895, 0x267e8ce, 0x7377b223,
  0xea52e465, 0xd43b2d53, 0x6a1062cd, 0x514cc2d0, 0xe91382e7, 0x63e2a35a, 0x40158e0, 0x78934570,
  0x90ce9020, 0x29fcc26a, 0xbd7246c2, 0x7dd7f50b, 0xff58634f, 0xa7a97fda, 0x39dca301, 0xd9c8e6d0,
  0xc8c7140b, 0x12528a20, 0x285c827a, 0x97d27c4c, 0x36b1885, 0x21e87d4f, 0x2735d018, 0xadb1dc47,
  0xb989d7c4, 0x4b970cab, 0x9ec5029c, 0xf33d3211, 0x4bec7104, 0x6ddd941e, 0xd8cdecf4, 0x1b500c3d,
  0x790461d6, 0xea91a7b5, 0x758f1e1d, 0x1dfe2676, 0x8f29a2fc, 0x9761d8f1, 0x6973b4e, 0x20d3c794,
  0x6d08eaa4, 0x70c706a5, 0xfccb86c2, 0x53bcfeb8, 0x9a921119, 0x74f39fac, 0x12b51101, 0x2cc0aa46,
  0x5a0ec84, 0xc1fa69c4, 0xc845045c, 0x3b0bd869, 0x9cd8f5a2, 0xc12a58fb, 0x39e1d57d, 0x3ce7fe36,
  0x7ade9b32, 0xe58628f7, 0xaea2b9cb, 0x5cff1856, 0x51e45d21, 0x55675394, 0x29d6c3b8, 0x7ccad2b5,
  0x18c8de8a, 0xb3766449, 0xf109576f, 0x848a5182, 0x98525743, 0xa9898ba1, 0x48d66b56, 0xddc30cbf,
  0xb71ccf39, 0xe95843e9, 0xfa837030, 0xebf3e1c9, 0x6c26eb99, 0xa1110504, 0x26fcae56, 0x3cb9a07,
  0x30d66830, 0x959f0392, 0x810bec48, 0x6d8eb87f, 0x9674c924, 0x7c066085, 0xa73c9601, 0xededfc1f,
  0xbfd769ca, 0xcd17bf, 0x79fad981, 0x56a4f611, 0xe908056b, 0x5ddc2733, 0x277b6500, 0xfc2ad062,
  0x745c4f19, 0xad075faf, 0x6732cd4b, 0xd453cb5e, 0x726b17db, 0xace4bf75, 0x3e94c722, 0x805f0b93,
  0x765aefda, 0xe9fdcd85, 0x4eef6061, 0x3768ea2c, 0x9bab2acb, 0x5de6b8fe, 0xf650c6dd, 0x6460d093,
  0x45e9f03f, 0x3c24dfc2, 0xfd32d113, 0xd8e2ac27, 0x48753fc4, 0x360d80b7, 0xe799753d, 0x596a387a,
  0xdd81fdd5, 0xd7748509, 0x8122bd6c, 0x1237f203, 0x420a5844, 0x5b63ddd2, 0x2d31309e, 0xaab60b39,
  0x9de41ca, 0x9858f8b1, 0x166afa9f, 0x1feefbf4, 0x3891cd21, 0x40c80091, 0x7ae0ef36, 0x4260a64e,
  0x2b0d5499, 0x46e374f3, 0xc6113ef8, 0x5b7e34cf, 0x787e9e65, 0xd6f5573d, 0xf94627ab, 0x49249440,
  0xc3a5dffc, 0x8b55ac58, 0x8641a455, 0x3e900588, 0x190e4416, 0xf56563fa, 0xf660ceb2, 0x2d32bca5,
  0x14e7ff11, 0x49fc792f, 0xef4ae6d, 0xce19caf0, 0xabc7c5ca, 0xc846c841, 0x6ae3a7d2, 0xa76ffad2,
  0x70dcb39f, 0x2d00e229, 0xf5d6111d, 0x3b67ddca, 0x468be790, 0x72bfeef2, 0x735ef702, 0x42ce7ae6,
  0x405ec222, 0xff3288c0, 0x16f5e047, 0xfaef3b19, 0xd5af018c, 0xd12cdd29, 0x318709f9, 0x1bd5b5db,
  0x8350f245, 0xbd5d0887, 0x27598061, 0x211c8647, 0x6609d8d, 0x8dd98f65, 0xb37afa56, 0x74b1f49b,
  0xa81036e, 0xafee80e3, 0xcae03a, 0xe17075ed, 0xbdc2e47d, 0x5241623e, 0xfed05f11, 0x2674c80e,
  0x7bfbd3e3, 0xa3fd5a00, 0xb80b194e, 0xa42d944f, 0xd080c67, 0x9a9253c3, 0x16cd3fc3, 0xe3bd0fa6,
  0xcca34398, 0xd145933c, 0x99dd1a86, 0xe838832a, 0x8485a185, 0x95379fd, 0xfce4180f, 0x19c3535d,
  0x9923558f, 0x2eb5d5a3, 0xb7e8536a, 0x2ada329b, 0x9316572f, 0x23b02d0, 0xf45bd781, 0x4bfb2b78,
  0x3c93fa9, 0xdaed824d, 0xd940dfca, 0x57802398, 0x86b3998b, 0xcf91ac4a, 0x81b77d9, 0xdd86d697,
  0x94aa8a2d, 0x6a3a31b5, 0xef5a0af3, 0x3bc0c84, 0xd49560a7, 0x4cc73e97, 0x80800fbf, 0x3d5b34d1,
  0xcad69f9, 0xe25dcb34, 0x1b3d03f8, 0xea932448, 0xb534a17d, 0x25ed6bad, 0x3dfe05f4, 0x932a79b1,
  0x4d90ff9, 0x748d9a, 0x883278ba, 0xa3a2b60c, 0xa86825b8, 0x87e1f85, 0xe3553845, 0x4d566dba,
  0xc738dafc, 0xd9384b4a, 0xe89d5be4, 0x5097c67d, 0x6ce704c3, 0xc367e218, 0x14257f72, 0x5edb9e70,
  0xb9fc765e, 0x3ec2e06c, 0x9e5aebcf, 0x7caa221f, 0x23a50672, 0x58178800, 0xf635b68b, 0xff1ee7cd,
};
static const uint64_t unknown34[] = {0};
static const uint32_t crcs36[] = {
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
  0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011, 0xc71c0011,
};
static const uint64_t unknown36[] = {0};
static const struct expect expected[] = {
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 1},
  {0, 0, 0, 0, 0, 0x0ULL, 0x400000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x2000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x400000ULL, 1, NULL, NULL, 4194304, crcs6, unknown6 + 1, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x400000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x100000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x400000ULL, 1, NULL, NULL, 4194304, crcs16, unknown16 + 1, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x600000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x100000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x600000ULL, 1, NULL, NULL, 6291456, crcs25, unknown25 + 1, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x200000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x100000ULL, 1, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x200000ULL, 1, NULL, NULL, 2097152, crcs34, unknown34 + 1, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x0ULL, 0, NULL, NULL, 0, NULL, NULL, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
  {0, 0, 0, 0, 0, 0x0ULL, 0x100000ULL, 1, NULL, NULL, 1048576, crcs36, unknown36 + 1, 0, -1, 0, 0, 0x0ULL, 0x0ULL, 0x0ULL, 0, NULL, 0, NULL, 0, 0},
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
    case 7: /* truncate size=0x400000 */
      layout_op(o, 1, 0x400000ULL, 0);
      break;
    case 8: /* map m1 len=0x400000 off=0x0 prot=rw flags=shared */
      {
        void *p = mmap((void *)0x200100000000ULL, 0x400000ULL, 3, 0x1, fd, (off_t)(obj_base + 0x0ULL));
        if (p == MAP_FAILED) { o->kind = ERR; o->err = errno; break; }
        maps[1] = p;
        lens[1] = 0x400000ULL;
      }
      break;
    case 9: /* write m1+0x0 len=0x400000 pat=0x20 */
      access_mapping(o, 1, 0x0ULL, 0x400000ULL, 0x20, 1);
      break;
    case 10: /* hold_read m1+0x0 len=0x100000 pat=0xa */
      hold_read_op(o, 1, 0x0ULL, 0x100000ULL, 0xa);
      break;
    case 11: /* unmap m1+0x0 len=0x400000 */
      result(o, munmap(maps[1] + 0x0ULL, 0x400000ULL));
      break;
    case 12: /* unmap m0+0x0 len=0x400000 */
      result(o, munmap(maps[0] + 0x0ULL, 0x400000ULL));
      break;
    case 13: /* truncate size=0x0 */
      layout_op(o, 1, 0x0ULL, 0);
      break;
    case 14: /* sibling_write len=0x400000 pat=0x30 */
      sibling_write_op(o, 0x400000ULL, 0x30);
      break;
    case 15: /* release */
      release_op(o);
      break;
    case 16: /* sibling_read len=0x800000 */
      sibling_read_op(o, 0x800000ULL);
      break;
    case 17: /* truncate size=0x400000 */
      layout_op(o, 1, 0x400000ULL, 0);
      break;
    case 18: /* map m2 len=0x400000 off=0x0 prot=rw flags=shared */
      {
        void *p = mmap((void *)0x200200000000ULL, 0x400000ULL, 3, 0x1, fd, (off_t)(obj_base + 0x0ULL));
        if (p == MAP_FAILED) { o->kind = ERR; o->err = errno; break; }
        maps[2] = p;
        lens[2] = 0x400000ULL;
      }
      break;
    case 19: /* write m2+0x0 len=0x400000 pat=0x21 */
      access_mapping(o, 2, 0x0ULL, 0x400000ULL, 0x21, 1);
      break;
    case 20: /* hold_read m2+0x0 len=0x100000 pat=0xb */
      hold_read_op(o, 2, 0x0ULL, 0x100000ULL, 0xb);
      break;
    case 21: /* unmap m2+0x0 len=0x400000 */
      result(o, munmap(maps[2] + 0x0ULL, 0x400000ULL));
      break;
    case 22: /* truncate size=0x0 */
      layout_op(o, 1, 0x0ULL, 0);
      break;
    case 23: /* sibling_write len=0x600000 pat=0x31 */
      sibling_write_op(o, 0x600000ULL, 0x31);
      break;
    case 24: /* release */
      release_op(o);
      break;
    case 25: /* sibling_read len=0x800000 */
      sibling_read_op(o, 0x800000ULL);
      break;
    case 26: /* truncate size=0x400000 */
      layout_op(o, 1, 0x400000ULL, 0);
      break;
    case 27: /* map m3 len=0x400000 off=0x0 prot=rw flags=shared */
      {
        void *p = mmap((void *)0x200300000000ULL, 0x400000ULL, 3, 0x1, fd, (off_t)(obj_base + 0x0ULL));
        if (p == MAP_FAILED) { o->kind = ERR; o->err = errno; break; }
        maps[3] = p;
        lens[3] = 0x400000ULL;
      }
      break;
    case 28: /* write m3+0x0 len=0x400000 pat=0x22 */
      access_mapping(o, 3, 0x0ULL, 0x400000ULL, 0x22, 1);
      break;
    case 29: /* hold_read m3+0x0 len=0x100000 pat=0xc */
      hold_read_op(o, 3, 0x0ULL, 0x100000ULL, 0xc);
      break;
    case 30: /* unmap m3+0x0 len=0x400000 */
      result(o, munmap(maps[3] + 0x0ULL, 0x400000ULL));
      break;
    case 31: /* truncate size=0x0 */
      layout_op(o, 1, 0x0ULL, 0);
      break;
    case 32: /* sibling_write len=0x200000 pat=0x32 */
      sibling_write_op(o, 0x200000ULL, 0x32);
      break;
    case 33: /* release */
      release_op(o);
      break;
    case 34: /* sibling_read len=0x800000 */
      sibling_read_op(o, 0x800000ULL);
      break;
    case 35: /* truncate size=0x400000 */
      layout_op(o, 1, 0x400000ULL, 0);
      break;
    case 36: /* sysread off=0x0 len=0x100000 */
      {
        uint8_t *b = malloc(0x100000ULL + 1);
        ssize_t r = pread(fd, b, 0x100000ULL, (off_t)(obj_base + 0x0ULL));
        result(o, r);
        if (r >= 0) { o->has_n = 1; o->n = (uint64_t)r; o->data = b; o->data_len = (uint64_t)r; }
      }
      break;
  }
}

/* The trace as the daxprop executor runs it: setup, ops in order (peers' ops sent to them),
 * each outcome checked, then the teardown. Returns the exit status. */
static int repro_main(int argc, char **argv) {
  static const int procs[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
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
    const char *dir = argc > 1 ? argv[1] : "/tmp/daxprop-fsdax-FdS2c6";
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
